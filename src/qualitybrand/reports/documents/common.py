"""Helpers every document kind uses: the office of a region (版头, 署名), figures from the engine formatted
as indicators.md says, year-on-year sentences, the file name, and the GB/T 9704 pieces of `core/gbdocx.py`
with fallbacks for the ones being added (版头 `document(office=, number=)`, `signature`, `picture`).

Not a kind: this module registers nothing (kinds.load_all imports it harmlessly)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

from qualitybrand.core import gbdocx

# --- offices and names ---------------------------------------------------------------------------


def office_name(region) -> str:
    """The issuing office of a region (版头 and 署名): 天水市质量强市工作领导小组办公室."""
    word = "质量强省" if getattr(region, "kind", "") == "省" else "质量强市"
    return f"{region.name}{word}工作领导小组办公室"


def office_short(region) -> str:
    """The 文号 prefix of the office (天水市 → 天质强办)."""
    return f"{region.name[:1]}质强办"


def suggested_number(region, year: int, n: int) -> str:
    """A 文号 like 天质强办〔2014〕1号."""
    return f"{office_short(region)}〔{year}〕{n}号"


def children_of(region) -> list:
    """The region's counties (children without towns), by code: the rows of a by-county table."""
    from qualitybrand.core.models import Region

    return list(Region.objects.filter(parent=region).exclude(kind="乡镇街道").order_by("code"))


def file_name(title: str, region, fmt: str) -> str:
    """`2013年度质量强市工作总结_天水市.docx`: the title (without spaces or path characters) and the region."""
    safe = "".join(ch for ch in title if ch not in '\\/:*?"<>| \t\n')
    return f"{safe}_{region.name}.{fmt}"


# --- figures -------------------------------------------------------------------------------------


def compute_figures(codes: list[str], period, regions: list) -> dict:
    """`indicators.engine.compute` for these codes, regions; unknown codes (a program removed) are left out."""
    from qualitybrand.indicators import catalog
    from qualitybrand.indicators.engine import compute

    known = [c for c in dict.fromkeys(codes) if catalog.get(c) is not None]
    return compute(known, period, regions=regions) if known else {}


def spec(code: str):
    from qualitybrand.indicators import catalog

    return catalog.get(code)


def fmt(code: str, value) -> str:
    """A figure's text as pages show it (`format_value`: 1,828 / 92.3% / 12.50; — for none)."""
    from qualitybrand.indicators.selectors import format_value

    return format_value(spec(code), value)


def fmt_unit(code: str, value) -> str:
    """A figure with its unit for prose: 1,828件, 92.3%, 1,250.00万元."""
    s = spec(code)
    text = fmt(code, value)
    if value is None or s is None or s.unit in ("%", "") or text.endswith("%"):
        return text
    return f"{text}{s.unit}"


def percent_text(value: float | None) -> str:
    """A share or change in percent, one decimal half up (12.3%)."""
    if value is None:
        return "—"
    return f"{Decimal(repr(float(value))).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def change_percent(now, before) -> float | None:
    """(now − before) / before × 100, None when there is nothing to compare with."""
    if now is None or before is None or before == 0:
        return None
    return (float(now) - float(before)) * 100 / float(before)


def yoy_phrase(code: str, now, before, *, word: str = "同比") -> str:
    """The year-on-year clause of a figure: 同比增长12.3% / 同比下降4.0% / 与上年持平; for percentages the
    change in points (同比提高1.2个百分点); "" when there is no comparable value."""
    s = spec(code)
    if now is None or before is None:
        return ""
    if s is not None and s.unit == "%":
        delta = float(now) - float(before)
        points = percent_text(abs(delta)).rstrip("%")
        if points in ("0.0", "0"):
            return "与上年持平"
        return f"{word}{'提高' if delta > 0 else '下降'}{points}个百分点"
    if before == 0:
        return "" if now == 0 else f"上年为0，{word}新增{fmt_unit(code, now)}"
    pct = change_percent(now, before)
    shown = percent_text(abs(pct))
    if shown in ("0.0%",):
        return "与上年持平"
    return f"{word}{'增长' if pct > 0 else '下降'}{shown}"


def figure_sentence(code: str, label: str, now, before, verb: str = "达到") -> str:
    """全市有效注册商标达到1,828件，同比增长12.3%."""
    phrase = yoy_phrase(code, now, before)
    return f"{label}{verb}{fmt_unit(code, now)}" + (f"，{phrase}" if phrase else "")


def plain(value):
    """A context value as plain JSON (engine floats and ints stay numbers; Decimal/Fraction become float)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return float(value)


# --- the .docx layout (core/gbdocx.py, with fallbacks for the helpers being added) -----------------


def new_document(office: str = "", number: str = ""):
    """A GB/T 9704 document; with the 版头 of `office` (red, with the separator) when gbdocx offers it,
    else the office as the first line."""
    try:
        return gbdocx.document(office=office, number=number)
    except TypeError:
        doc = gbdocx.document()
        if office:
            gbdocx.para(doc, office, font_name=gbdocx.TITLE_FONT, size=22, indent=False,
                        align=_center(), space_after=6)
            if number:
                gbdocx.para(doc, number, indent=False, align=_center())
            gbdocx.para(doc, "—" * 22, indent=False, align=_center(), size=12)
        return doc


def _center():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return WD_ALIGN_PARAGRAPH.CENTER


def _right():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return WD_ALIGN_PARAGRAPH.RIGHT


def heading(doc, text: str, level: int = 1):
    """一、 (黑体) for level 1, （一） (楷体) for level 2 when gbdocx supports levels."""
    try:
        return gbdocx.heading(doc, text, level=level)
    except TypeError:
        if level == 1:
            return gbdocx.heading(doc, text)
        return gbdocx.para(doc, text, font_name="楷体_GB2312")


def signature(doc, office: str, day: dt.date) -> None:
    """发文机关署名 and 成文日期, right-aligned."""
    fn = getattr(gbdocx, "signature", None)
    if fn is not None:
        fn(doc, office, day)
        return
    gbdocx.para(doc, "", indent=False)
    gbdocx.para(doc, office, indent=False, align=_right())
    gbdocx.para(doc, gbdocx.cn_date(day), indent=False, align=_right())


def to_bytes(doc) -> bytes:
    fn = getattr(gbdocx, "to_bytes", None)
    if fn is not None:
        return fn(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line (tests and template previews read it)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            lines.append("\t".join(c.text for c in row.cells))
    return "\n".join(lines)


# --- sections shared by the summary and the status report (planning, cultivation) -------------------


def target_rows(region, year: int, day: dt.date) -> list[dict]:
    """The targets of `year` set for `region` (its own target sets and allocations to it from the sets of
    the offices above), with planning's progress as of `day`: one dict per (set, indicator)."""
    from qualitybrand.planning import selectors as planning
    from qualitybrand.planning.models import TargetSet

    ancestors = [region.path[:i] for i in range(1, len(region.path) + 1) if region.path[i - 1] == "/"]
    sets = TargetSet.objects.filter(year=year, region__path__in=set(ancestors + [region.path])).order_by("code")
    out = []
    for ts in sets:
        try:
            found = planning.progress(ts, day)
        except planning.AssessmentError:
            continue
        for r in found:
            if r.subject != region.code:  # the region's own row (a department's answers for it too)
                continue
            s = spec(r.indicator)
            actual = r.actual if r.actual is not None else 0
            out.append({"set": ts.name, "indicator": r.indicator, "name": s.name if s else r.indicator,
                        "unit": s.unit if s else "", "target": plain(planning.json_number(r.target)),
                        "target_text": fmt(r.indicator, planning.json_number(r.target)),
                        "actual": plain(planning.json_number(actual)), "actual_text": fmt(r.indicator, actual),
                        "percent": float(r.ratio) * 100, "percent_text": percent_text(float(r.ratio) * 100),
                        "status": r.status, "lower_is_better": r.lower_is_better})
    return out


def target_summary(rows: list[dict]) -> str:
    if not rows:
        return "本年度未下达目标任务。"
    done = sum(1 for r in rows if r["status"] == "已完成")
    late = [r for r in rows if r["status"] == "滞后"]
    text = f"本年度共承担目标任务{len(rows)}项，已完成{done}项"
    normal = len(rows) - done - len(late)
    if normal:
        text += f"，按进度推进{normal}项"
    if late:
        text += f"，滞后{len(late)}项（{'、'.join(r['name'] for r in late)}）"
    return text + "。"


def assessment_results(region, year: int) -> list[dict]:
    """The finalised assessment rounds of `year` (planning's frozen snapshots) that assess `region` or
    are run by its office: each with the ranking."""
    from qualitybrand.core.models import Region
    from qualitybrand.planning.models import Round

    rounds = (Round.objects.filter(scheme__year=year, state__in=[Round.State.FINAL, Round.State.PUBLISHED])
              .select_related("scheme").order_by("as_of", "id"))
    out = []
    for rnd in rounds:
        results = (rnd.snapshot or {}).get("results") or []
        codes = {r["region"] for r in results}
        if rnd.region_id != region.id and region.code not in codes:
            continue
        if rnd.state != Round.State.PUBLISHED and rnd.region_id != region.id:
            # as planning shows a round before its 通报: a region sees only its own subtree's rows
            own = set(Region.objects.filter(code__in=codes, path__startswith=region.path)
                      .values_list("code", flat=True))
            results = [r for r in results if r["region"] in own]
            codes = {r["region"] for r in results}
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        rows = sorted(({"rank": r.get("rank"), "region": names.get(r["region"], r["region"]),
                        "region_code": r["region"], "total": plain(r.get("total")),
                        "total_text": f"{Decimal(str(r.get('total') or 0)).quantize(Decimal('0.01')):f}",
                        "grade": r.get("grade") or "", "vetoed": bool(r.get("vetoed"))} for r in results),
                      key=lambda r: (r["rank"] is None, r["rank"] or 0))
        out.append({"name": rnd.scheme.name, "kind": rnd.kind, "as_of": rnd.as_of.isoformat(),
                    "state": rnd.state, "results": rows})
    return out


def recognitions(region, period) -> list[dict]:
    """Per open program: valid at the period's end and newly recognised in it (engine rec.valid/rec.new),
    and the year before."""
    from qualitybrand.registry.models import Program

    programs = list(Program.objects.order_by("id"))
    codes = [f"rec.{k}.{p.code}" for p in programs for k in ("valid", "new")]
    now = compute_figures(codes, period, [region])
    before = compute_figures(codes, period.same_span_a_year_before(), [region])
    out = []
    for p in programs:
        valid, new = f"rec.valid.{p.code}", f"rec.new.{p.code}"
        if (valid, region.code) not in now:
            continue
        out.append({"program": p.name, "level": p.level, "valid": now[(valid, region.code)],
                    "valid_text": fmt(valid, now[(valid, region.code)]),
                    "valid_before": before.get((valid, region.code)),
                    "new": now.get((new, region.code)), "new_text": fmt(new, now.get((new, region.code))),
                    "code_valid": valid, "code_new": new})
    return out
