"""The two documents (docscore): every figure from the engine (the .docx text checked against
`indicators.engine.compute`), equal to the dashboard's for 2013; and the `report` command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.selectors import format_value
from qualitybrand.reports import kinds
from qualitybrand.reports.documents import common
from tests.reports.factories_docscore import some_data


def _make(kind, region, **kw):
    k = kinds.get(kind)
    req = kinds.DocRequest(kind=kind, region=region, office=common.office_name(region), **kw)
    ctx = k.context(req)
    return ctx, common.docx_text(k.build(req, ctx, kinds.no_progress))


def test_annual_summary_figures_are_the_engines(regions):
    from qualitybrand.indicators import catalog

    some_data(regions)
    city = regions["620500"]
    ctx, text = _make("annual_summary", city, year=2013)
    now = compute(["tm.valid", "tm.registrations", "entity.count"], Period.year(2013), [city])
    before = compute(["tm.valid", "tm.registrations"], Period.year(2012), [city])
    assert now[("tm.valid", "620500")] == 11 and before[("tm.valid", "620500")] == 5
    valid = format_value(catalog.get("tm.valid"), now[("tm.valid", "620500")])
    change = common.percent_text((11 - 5) * 100 / 5)
    assert f"有效注册商标达到{valid}件，同比增长{change}" in text  # 11件，同比增长120.0%
    assert "天水市质量强市工作2013年度总结" in text and "天水市质量强市工作领导小组办公室" in text
    for theme in ctx["themes"]:
        for f in theme["figures"]:
            engine = compute([f["code"]], Period.year(2013), [city])[(f["code"], "620500")]
            assert f["value"] == engine and f["text"] in text


def test_annual_summary_county_table_equals_the_dashboard(regions):
    from qualitybrand.reports.dashboard import COMPARE_CODES, _figures_context

    some_data(regions)
    city = regions["620500"]
    ctx, text = _make("annual_summary", city, year=2013)
    board = _figures_context(city, 2013, "tm.per100")
    for row in board["comparison"]:
        mine = next(r for r in ctx["county_rows"] if r[0] == row["region"].name)
        assert mine[1:] == [f["text"].rstrip("%") for f in row["figures"]]
        assert "\t".join(mine) in text
    assert len(ctx["county_headers"]) == len(COMPARE_CODES) + 1


def test_annual_summary_next_year_paragraph_from_the_office(regions):
    _ctx, text = _make("annual_summary", regions["620500"], year=2013, extra={"next_year": "推进地理标志商标培育。"})
    assert "推进地理标志商标培育。" in text and "五、2014年工作打算" in text


def test_yoy_wording_rises_falls_and_stays():
    assert common.yoy_phrase("tm.valid", 1828, 1628) == "同比增长12.3%"
    assert common.yoy_phrase("tm.valid", 90, 100) == "同比下降10.0%"
    assert common.yoy_phrase("tm.valid", 100, 100) == "与上年持平"
    assert common.yoy_phrase("insp.pass_rate", 92.3, 90.7) == "同比提高1.6个百分点"
    assert common.yoy_phrase("tm.valid", 5, None) == ""


def test_status_report_as_of_a_date(regions):
    some_data(regions)
    city = regions["620500"]
    ctx, text = _make("status_report", city, as_of=dt.date(2013, 12, 31))
    valid = compute(["tm.valid"], Period.as_of(dt.date(2013, 12, 31)), [city])[("tm.valid", "620500")]
    assert f"有效注册商标达到{valid}件" in text
    assert "甘肃省质量强省工作领导小组办公室：" in text and "特此汇报。" in text
    assert ctx["as_of"] == "2013年12月31日"


def test_kinds_declare_their_fields():
    for code in ("annual_summary", "status_report"):
        kind = kinds.get(code)
        assert kind.fields and kind.fmt == "docx"


# --- the command ---------------------------------------------------------------------------------

def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("report", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # CommandError from call_command
        code = getattr(exc, "returncode", 1)
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_command_writes_a_docx_with_the_figures(regions, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    some_data(regions)
    out = tmp_path / "summary.docx"
    code, stdout, _ = _run("annual_summary", "--year", "2013", "--region", "620500", "--out", str(out))
    assert code == 0 and "已生成" in stdout
    text = common.docx_text(out.read_bytes())
    assert "有效注册商标达到11件" in text
    from qualitybrand.reports.models import IssuedDocument

    assert not IssuedDocument.objects.exists()
    code, _, _ = _run("status_report", "--as-of", "2013-12-31", "--out", str(out), "--archive")
    assert code == 0 and IssuedDocument.objects.get().state == "draft"


@pytest.mark.parametrize("args, expected, words", [
    (["nope", "--year", "2013"], 1, "未知的文书类型"),
    (["annual_summary", "--year", "2013", "--region", "999999"], 1, "不存在"),
    (["annual_summary", "--year", "20x3"], 1, "年度"),
    (["annual_summary", "--year", "2999"], 1, "年度须在"),
    (["status_report", "--as-of", "2013-13-40"], 1, "日期"),
    (["annual_summary", "--year", "2013"], 2, "--out"),
])
def test_command_refusals_exit_codes(regions, tmp_path, args, expected, words):
    if expected != 2:
        args = args + ["--out", str(tmp_path / "x.docx")]
    code, _, err = _run(*args)
    assert code == expected and words in err
    assert not (tmp_path / "x.docx").exists()
