"""The `complaints` ledger: columns and rules of supervision.md § Complaints, status derived, region
scoping of references, the ledger export."""

import csv
import io
from decimal import Decimal

import pytest

from qualitybrand.complaints.models import Complaint, Status
from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers.engine import LEDGERS, OUT_OF_SCOPE, import_rows
from qualitybrand.ledgers.export import export_queryset
from qualitybrand.supervision.models import Case

pytestmark = pytest.mark.django_db


def row(number="TS-1", **kw):
    r = {"登记编号": number, "类别": "投诉", "渠道": "12315", "登记日期": "2024-09-27", "被投诉人名称": "某商店",
         "区划代码": "620502", "内容摘要": "质量问题"}
    r.update(kw)
    return {k: v for k, v in r.items() if v is not None}


def errors_of(result):
    return [(e["column"], e["message"]) for e in result.errors]


def test_registered_as_a_ledger():
    assert "complaints" in LEDGERS and LEDGERS["complaints"].title == "投诉举报"


def test_entity_gives_the_region_else_the_region_code(regions, shop, maiji):
    result = import_rows("complaints", [
        row("A", 被投诉人统一社会信用代码=shop.uscc, 区划代码="620503", 被投诉人名称=None),
        row("B", 区划代码="620503"),
    ])
    assert result.created == 2, result.errors
    a, b = Complaint.objects.get(number="A"), Complaint.objects.get(number="B")
    assert a.region == shop.region and a.entity == shop
    assert b.region == maiji and b.entity is None and b.respondent_name == "某商店"


def test_without_code_region_and_name_are_required(regions):
    result = import_rows("complaints", [row("A", 区划代码=None), row("B", 被投诉人名称=None)], mode="partial")
    assert result.created == 0
    cols = [c for c, _ in errors_of(result)]
    assert cols == ["区划代码", "被投诉人名称"]
    assert "区划代码必填" in result.errors[0]["message"]


def test_unknown_entity_and_unknown_case(regions):
    result = import_rows("complaints", [row("A", 被投诉人统一社会信用代码="91620502MA00000010"),
                                        row("B", 关联案件编号="AJ-404")], mode="partial")
    assert result.created == 0
    msgs = dict(errors_of(result))
    assert "统一社会信用代码" in msgs["被投诉人统一社会信用代码"]
    assert "AJ-404" in msgs["关联案件编号"] and "执法案件台账" in msgs["关联案件编号"]


def test_case_number_links_the_case(regions, qinzhou):
    import_rows("cases", [{"案件编号": "AJ-1", "案件类型": "假冒伪劣", "区划代码": "620502", "立案日期": "2024-10-01"}])
    result = import_rows("complaints", [row("A", 关联案件编号="AJ-1", 办结日期="2024-10-08", 处理结果="立案")])
    assert result.created == 1, result.errors
    c = Complaint.objects.get(number="A")
    assert c.case == Case.objects.get(number="AJ-1") and c.case_number == "AJ-1" and c.status == Status.CLOSED


def test_dates_not_before_registration(regions):
    result = import_rows("complaints", [row("A", 受理日期="2024-09-26"), row("B", 办结日期="2024-09-01")],
                         mode="partial")
    assert result.created == 0
    assert [c for c, _ in errors_of(result)] == ["受理日期", "办结日期"]
    assert all("登记日期" in m for _, m in errors_of(result))


def test_a_year_without_calendar_is_refused_naming_it(regions):
    result = import_rows("complaints", [row("A", 登记日期="2099-03-01")])
    assert result.created == 0 and Complaint.objects.count() == 0
    assert errors_of(result)[0][0] == "登记日期"
    assert "2099 年的工作日历" in errors_of(result)[0][1] and "/core/calendar/" in errors_of(result)[0][1]


def test_status_derived_and_reimport_unchanged(regions):
    rows = [row("A"), row("B", 受理日期="2024-09-30"), row("C", 办结日期="2024-09-30", 处理结果="不予受理"),
            row("D", 受理日期="2024-09-30", 办结日期="2024-10-20", 处理结果="调解成功", 挽回经济损失="0.35")]
    assert import_rows("complaints", rows).created == 4
    status = dict(Complaint.objects.values_list("number", "status"))
    assert status == {"A": "登记", "B": "已受理", "C": "不予受理", "D": "已办结"}
    assert Complaint.objects.get(number="D").recovered == Decimal("0.35")
    again = import_rows("complaints", rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_county_import_never_learns_of_another_countys_entity_or_case(regions, maiji_shop, county_user):
    import_rows("cases", [{"案件编号": "AJ-M", "案件类型": "假冒伪劣", "区划代码": "620503", "立案日期": "2024-10-01"}])
    result = import_rows("complaints", [row("A", 被投诉人统一社会信用代码=maiji_shop.uscc),
                                        row("B", 关联案件编号="AJ-M"), row("C", 区划代码="620503")],
                         mode="partial", user=county_user)
    assert result.created == 0
    msgs = errors_of(result)
    assert "不在您管辖区划的市场主体名录中" in msgs[0][1]
    assert "不在您管辖区划的执法案件台账中" in msgs[1][1]
    assert msgs[2][1] == OUT_OF_SCOPE


def test_ledger_export_round_trips(regions, shop):
    rows = [row("A", 被投诉人统一社会信用代码=shop.uscc, 被投诉人名称=None, 区划代码=None, 挽回经济损失="1.5"),
            row("B", 类别="举报", 渠道="12365")]
    import_rows("complaints", rows)
    data = export_queryset("complaints", Complaint.objects.all(), fmt="csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(data)))
    assert lines[0][:4] == ["登记编号", "类别", "渠道", "登记日期"]
    assert not [h for h in lines[0] if h.startswith("投诉人")]  # identity is never a ledger column
    back = [dict(zip(lines[0], line)) for line in lines[1:]]
    assert back[0]["被投诉人统一社会信用代码"] == shop.uscc and back[0]["区划代码"] == "620502"
    again = import_rows("complaints", back)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2), again.errors


@pytest.mark.parametrize("in_database", [True, False], ids=["database", "python"])
def test_import_change_log_alike_either_way(regions, monkeypatch, in_database):
    """The database-written log of new rows (ledgers/dblog.py) says what the Python path says."""
    from qualitybrand.ledgers import engine
    from tests.ledgers.test_dblog import _numbers, _python_entry

    monkeypatch.setattr(engine, "LOG_IN_DATABASE", in_database)
    result = import_rows("complaints", [row("A", 挽回经济损失="2"), row("B", 类别="举报")])
    spec = engine.get_ledger("complaints")
    entries = ChangeLog.objects.filter(import_batch_id=result.batch_id, action="create")
    assert entries.count() == 2
    for entry in entries:
        record = Complaint.objects.get(pk=int(entry.object_id))
        repr_, path, after = _python_entry(spec, record)
        assert (entry.object_repr, entry.region_path, _numbers(spec, entry.after)) == (repr_, path, after)
