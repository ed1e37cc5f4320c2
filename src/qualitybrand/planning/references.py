"""Where planning names indicator codes by text (`core.references`): target sets, schemes, the
scheme copies that rounds keep, and every earlier version of a set or a scheme (history that a
rename would make unreadable). Configuration tables are small: their documents are read whole."""

from __future__ import annotations

from qualitybrand.core import references


def indicators_of(document) -> list[str]:
    """The indicator codes a target-set or scheme document uses (items and vetoes), in order."""
    if not isinstance(document, dict):
        return []
    found: list[str] = []
    for key in ("items", "vetoes"):
        for entry in document.get(key) or []:
            code = entry.get("indicator") if isinstance(entry, dict) else None
            if isinstance(code, str) and code not in found:
                found.append(code)
    return found


def _used(document, wanted: set[str]) -> str:
    return "、".join(c for c in indicators_of(document) if c in wanted)


def indicator_places(codes: list[str]) -> list[str]:
    from qualitybrand.planning.models import DocumentVersion, Round, Scheme, TargetSet

    wanted = set(codes)
    out = []
    current: dict[tuple[str, str], int] = {}
    for ts in TargetSet.objects.order_by("year", "code").only("code", "name", "version", "document"):
        current[("targets", ts.code)] = ts.version
        used = _used(ts.document, wanted)
        if used:
            out.append(f"目标集“{ts.name}”（{ts.code}，指标 {used}）")
    for scheme in Scheme.objects.order_by("year", "code").only("code", "name", "version", "document"):
        current[("scheme", scheme.code)] = scheme.version
        used = _used(scheme.document, wanted)
        if used:
            out.append(f"考核方案“{scheme.name}”（{scheme.code}，指标 {used}）")
    for rnd in Round.objects.select_related("scheme").order_by("id").only(
            "kind", "document", "scheme_version", "scheme__name"):
        used = _used(rnd.document, wanted)
        if used:
            out.append(f"考核轮次“{rnd.scheme.name}（{rnd.kind}）”（方案第 {rnd.scheme_version} 版，指标 {used}）")
    labels = {"targets": "目标集", "scheme": "考核方案"}
    for v in DocumentVersion.objects.order_by("kind", "code", "version").only("kind", "code", "version",
                                                                                 "document"):
        if current.get((v.kind, v.code)) == v.version:
            continue  # the current version is named above
        used = _used(v.document, wanted)
        if used:
            out.append(f"{labels.get(v.kind, v.kind)} {v.code} 第 {v.version} 版（历史版本，指标 {used}）")
    return out


def register() -> None:
    references.register("indicator", indicator_places)
