"""已处理: a user marks warnings of its inbox handled, with a note (warnings.md “Who hears about it”).

The warning stays computed; the mark hides it from this user's inbox until its level rises above the
level it was marked at. Marking again (after a rise, or to change the note) updates the user's one mark
for that (rule, key). Every mark is recorded in the change log, in one bulk write for a selection.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from qualitybrand.core import changelog, clock

NOTE_MAX = 500
BULK_MAX = 1000


def parse_idents(values) -> list[tuple[str, str]]:
    """(rule, key) pairs from the form's `ids` values (“rule key”: a rule code has no space, a key may);
    malformed values are dropped."""
    pairs = []
    for value in values:
        rule, sep, key = str(value).strip().partition(" ")
        if sep and rule and key and (rule, key) not in pairs:
            pairs.append((rule, key))
    return pairs


def acknowledge(user, pairs: list[tuple[str, str]], note: str = "", *, as_of=None) -> int:
    """Mark these warnings of the user's inbox 已处理 at their current level; returns how many.

    Refuses (ValidationError, nothing written) an empty selection, an over-long note, or a warning that
    is not in the user's inbox today (another user's, or one that no longer fires)."""
    from qualitybrand.alerts.inbox import user_alerts
    from qualitybrand.alerts.models import Acknowledgement

    note = (note or "").strip()
    if not pairs:
        raise ValidationError("请先勾选要标记为已处理的预警。")
    if len(pairs) > BULK_MAX:
        raise ValidationError(f"一次最多处理 {BULK_MAX} 条预警，请分批办理。")
    if len(note) > NOTE_MAX:
        raise ValidationError(f"处理说明最多 {NOTE_MAX} 个字，当前 {len(note)} 个字。")
    current = {(a.rule, a.key): a for a in user_alerts(user, as_of or clock.today())}
    missing = [f"{rule}｜{key}" for rule, key in pairs if (rule, key) not in current]
    if missing:
        shown = "、".join(missing[:3]) + ("等" if len(missing) > 3 else "")
        raise ValidationError(f"预警 {shown} 不在您的预警列表中（可能已解除或不属于您），未做任何修改。")
    now = clock.now()
    # An acknowledgement has no region of its own: logged under the user's, so its office sees it.
    where = user.region.path if getattr(user, "region_id", None) else ""
    with transaction.atomic():
        existing = {(a.rule, a.key): a for a in Acknowledgement.objects.select_for_update()
                    .filter(user=user, rule__in={r for r, _ in pairs}, key__in={k for _, k in pairs})}
        new, changed, entries = [], [], []
        for pair in pairs:
            level = current[pair].level
            ack = existing.get(pair)
            if ack is None:
                new.append(Acknowledgement(user=user, rule=pair[0], key=pair[1], level=level, note=note, at=now))
                continue
            before = changelog.snapshot(ack, ["level", "note", "at"])
            ack.level, ack.note, ack.at = level, note, now
            changed.append(ack)
            entries.append(changelog.build_entry(user=user, action="update", obj=ack, before=before,
                                                 after=changelog.snapshot(ack, ["level", "note", "at"]),
                                                 reason="预警已处理", region_path=where))
        if new:
            Acknowledgement.objects.bulk_create(new)
            if not all(a.pk for a in new):  # SQLite before 3.35 gives no ids back: read them
                ids = dict(((a.rule, a.key), a.pk) for a in Acknowledgement.objects.filter(
                    user=user, rule__in={a.rule for a in new}, key__in={a.key for a in new}))
                for a in new:
                    a.pk = ids[(a.rule, a.key)]
            entries += [changelog.build_entry(user=user, action="create", obj=a, before=None,
                                              after=changelog.snapshot(a), reason="预警已处理", region_path=where)
                        for a in new]
        if changed:
            Acknowledgement.objects.bulk_update(changed, ["level", "note", "at"])
        changelog.record_many(entries)
    return len(pairs)
