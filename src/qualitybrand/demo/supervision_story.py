"""The demo city's supervision loop on 2014-07-10 (issue 14, supervision.md; facts in profile.SUPERVISION_STORY).

Run by `load_demo` once the ledgers, the accounts and the other areas' parts are in (after the credit story
and the pending repair). Unlike the credit story it edits no generated row: it adds records, the
complaints and trace events through the ledger engine (`import_rows`, as an office's import) and the rest
through the apps' services (change-logged like a clerk's work), each on the day the story says:
- follow-ups of the latest 2014 failed batches of 秦州区 and 麦积区 in every state (one overdue);
- 2014 H1 complaints and reports across all channels (story_complaints.py), one overdue in 秦州区, one
  举报 extended, a few with the complainant's identity;
- trace events (story_trace.py) and a recall of the traced batch with holders partly notified and disposed;
- risks of three levels, the 一级 one with a 风险告知书 and an 约谈;
- the 2014 专项整治 over 秦州区 and 麦积区 with tasks, progress and the figures only counties can report.
Nothing of it is counted by any 2010–2013 figure. A part whose app has no service yet is skipped with a
note (the branch building it may land later); everything else raises, and load_demo rolls back.
"""

from __future__ import annotations

from collections.abc import Callable

from qualitybrand.demo import profile as P
from qualitybrand.demo.writer import FILE_NAME, DemoLoadError

S = P.SUPERVISION_STORY


class PartMissing(Exception):
    """The app of a story part is not there yet (no ledger or service): the part is skipped."""


class AlreadyTold(Exception):
    """The part's records are there already (load_demo --force over a loaded demo): not added twice.
    The ledger parts need no such check: an import again by key changes nothing."""


def tell_supervision_story(data: dict[str, list[dict]], out: Callable[[str], None] = print) -> list[str]:
    """Add the story's records; returns the labels of the parts added."""
    from qualitybrand.demo import story_services as parts
    from qualitybrand.demo.story_complaints import complaint_rows
    from qualitybrand.demo.story_trace import trace_rows

    if not data.get("entities") or not data.get("inspections"):
        return []  # not the whole demo (data given to load_demo): nothing to tell the story about
    steps = [
        ("投诉举报", lambda: _import("complaints", complaint_rows(data)) and parts.complaint_steps(data)),
        ("抽查后处理", lambda: parts.followups(data)),
        ("追溯事件", lambda: _import("trace_events", trace_rows(data))),
        ("产品召回", lambda: parts.recall(data)),
        ("风险信息", lambda: parts.risks(data)),
        ("专项整治", lambda: parts.campaign(data)),
    ]
    done = []
    for label, step in steps:
        try:
            note = step()
        except PartMissing as exc:
            out(f"  （{label}：{exc}，跳过）")
            continue
        except AlreadyTold:
            out(f"  （{label}：已有，未重复添加）")
            continue
        done.append(label)
        out(f"  {label}：已加载" + (f"（{note}）" if isinstance(note, str) else ""))
    return done


def _import(ledger: str, rows: list[dict]) -> int:
    from qualitybrand.ledgers.engine import LEDGERS, import_rows

    if ledger not in LEDGERS:
        raise PartMissing(f"平台尚未提供台账“{ledger}”")
    result = import_rows(ledger, rows, mode="atomic", file_name=FILE_NAME)
    if result.errors:
        first = result.errors[0]
        raise DemoLoadError(
            f"台账“{ledger}”有 {len(result.errors)} 处错误，首个：第 {first.get('row')} 行"
            f"“{first.get('column')}”＝“{first.get('value')}”：{first.get('message')}")
    return result.rows
