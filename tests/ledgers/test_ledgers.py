"""Every ledger's rules (ledgers.md)."""

import datetime as dt
from decimal import Decimal

import pytest

from qualitybrand.core.models import Region, RegionAlias
from qualitybrand.ledgers.engine import LEDGERS, import_rows
from qualitybrand.registry.models import Patent, Program, Recognition, Trademark

from .conftest import USCC_A, USCC_B, USCC_C

pytestmark = pytest.mark.django_db


def cols(result):
    return [(e["row"], e["column"]) for e in result.errors]


def tm(number="1000", holder=USCC_A, **kw):
    row = {"注册号": number, "商标名称": "甲", "国际分类": "7", "注册人统一社会信用代码": holder,
           "申请日期": "2010-01-01"}
    row.update(kw)
    return row


def test_all_sixteen_ledgers_registered():
    # The sixteen of ledgers.md first, in its order; ledgers of later issues (trace_events …) after them.
    assert list(LEDGERS)[:16] == ["regions", "programs", "entities", "trademarks", "recognitions", "patents",
                                  "certifications", "standards", "inspections", "incidents", "cases", "pledges",
                                  "services", "publicity", "indicator_values", "blacklist"]
    assert "trace_events" in LEDGERS and "complaints" in LEDGERS


def test_trademark_defaults_and_rules(entities):
    r = import_rows("trademarks", [
        tm("1", 注册日期="2013-05-07"), tm("2", 注册日期="2012-02-29", 国际分类="45，1;3"),
        tm("3", 国际分类="46"), tm("4a"), tm("5", 注册日期="2009-01-01"),
        tm("6", 地理标志="是"), tm("7", 地理标志="是", 商标类型="证明商标"),
        tm("8", 马德里国际注册号="1234"), tm("9", 注册人统一社会信用代码="91350100M000100Y43"),
        tm("10", 注册日期="2013-05-07", 专用权期限至="2013-05-07"), tm("12345678901"),
    ], mode="partial")
    assert cols(r) == [(4, "国际分类"), (5, "注册号"), (6, "注册日期"), (7, "地理标志"), (9, "国际注册日期"),
                       (10, "注册人统一社会信用代码"), (11, "专用权期限至"), (12, "注册号")]
    assert Trademark.objects.get(number="1").expires == dt.date(2023, 5, 6)
    t2 = Trademark.objects.get(number="2")
    assert (t2.expires, t2.classes) == (dt.date(2022, 2, 28), [1, 3, 45])
    t7 = Trademark.objects.get(number="7")
    assert (t7.is_gi, t7.mark_type, t7.region.code) == (True, "证明商标", "620502")
    assert Trademark.objects.get(number="1").mark_type == "普通商标"
    # empty 专用权期限至 re-applies the default
    r = import_rows("trademarks", [tm("1", 注册日期="2013-05-07", 专用权期限至="")])
    assert (r.unchanged, r.errors) == (1, [])


def test_programs_and_recognitions(entities):
    r = import_rows("programs", [
        {"项目代码": "Famous_City", "项目名称": "市知名商标", "对象类型": "商标", "级别": "市", "有效期(年)": "3"},
        {"项目代码": "prod", "项目名称": "市名牌产品", "对象类型": "产品", "级别": "市", "奖励金额(万元)": "5"},
        {"项目代码": "award", "项目名称": "市政府质量奖", "对象类型": "企业", "级别": "市"},
        {"项目代码": "bad-code", "项目名称": "x", "对象类型": "企业", "级别": "市"},
        {"项目代码": "dup", "项目名称": "市政府质量奖", "对象类型": "企业", "级别": "市"},
    ], mode="partial")
    assert cols(r) == [(5, "项目代码"), (6, "项目名称")]
    p = Program.objects.get(code="famous_city")
    assert (p.is_open, p.validity_years) == (True, 3)
    import_rows("trademarks", [tm("100"), tm("200", holder=USCC_B)])
    r = import_rows("recognitions", [
        {"项目": "市知名商标", "统一社会信用代码": USCC_A, "商标注册号": "100", "认定年度": "2013"},
        {"项目": "FAMOUS_CITY", "统一社会信用代码": USCC_A, "商标注册号": "100", "认定年度": "2013"},
        {"项目": "famous_city", "统一社会信用代码": USCC_A, "商标注册号": "200", "认定年度": "2013"},
        {"项目": "famous_city", "统一社会信用代码": USCC_A, "认定年度": "2014"},
        {"项目": "市名牌产品", "统一社会信用代码": USCC_A, "认定年度": "2013"},
        {"项目": "市名牌产品", "统一社会信用代码": USCC_A, "产品名称": "苹果", "认定年度": "2013"},
        {"项目": "市政府质量奖", "统一社会信用代码": USCC_B, "认定年度": "2013", "认定方式": "行政认定"},
        {"项目": "不存在", "统一社会信用代码": USCC_B, "认定年度": "2013"},
        {"项目": "award", "统一社会信用代码": USCC_B, "认定年度": "1979"},
    ], mode="partial")
    assert cols(r) == [(3, "项目"), (4, "商标注册号"), (5, "商标注册号"), (6, "产品名称"), (9, "项目"), (10, "认定年度")]
    rec = Recognition.objects.get(program__code="famous_city")
    assert (rec.valid_until, rec.method, rec.object_key, rec.region.code) == (dt.date(2015, 12, 31), "评审认定",
                                                                               "100", "620502")
    assert Recognition.objects.get(program__code="award").valid_until is None
    assert Recognition.objects.get(program__code="prod").object_key == f"{USCC_A}|苹果"


def test_patents(entities):
    r = import_rows("patents", [
        {"申请号": "ZL201710601862.3", "专利名称": "一种装置", "专利类型": "发明", "申请人统一社会信用代码": USCC_A,
         "申请日": "2017-07-01", "法律状态": "有效"},
        {"申请号": "95115608.X", "专利名称": "旧", "专利类型": "发明", "申请人统一社会信用代码": USCC_A,
         "申请日": "1995-07-01", "授权公告日": "1994-01-01", "法律状态": "失效"},
        {"申请号": "201710601862.4", "专利名称": "错", "专利类型": "发明", "申请人统一社会信用代码": USCC_A,
         "申请日": "2017-07-01", "法律状态": "有效"},
        {"申请号": "CN 97101765.4", "专利名称": "类型不符", "专利类型": "外观设计", "申请人统一社会信用代码": USCC_A,
         "申请日": "1997-07-01", "法律状态": "有效", "职务发明": "否"},
    ], mode="partial")
    assert cols(r) == [(3, "授权公告日"), (4, "申请号"), (5, "专利类型")]
    p = Patent.objects.get()
    assert (p.number, p.is_service, p.patent_type) == ("201710601862.3", True, "发明")


def test_certifications_standards_services_publicity(entities):
    r = import_rows("certifications", [
        {"证书编号": "C1", "认证类型": "iso9001", "统一社会信用代码": USCC_A, "发证日期": "2013-01-01",
         "有效期至": "2016-01-01"},
        {"证书编号": "C2", "认证类型": "ISO9001", "统一社会信用代码": USCC_A, "发证日期": "2013-01-01",
         "有效期至": "2013-01-01"},
        {"证书编号": "C3", "认证类型": "ISO9999", "统一社会信用代码": USCC_A, "发证日期": "2013-01-01",
         "有效期至": "2014-01-01"},
    ], mode="partial")
    assert cols(r) == [(3, "有效期至"), (4, "认证类型")]
    r = import_rows("standards", [{"标准编号": "GB/T 19580-2012", "标准名称": "卓越绩效评价准则", "标准层级": "国家",
                                   "工作类型": "制定", "主要起草单位统一社会信用代码": USCC_B, "发布日期": "2012-03-09"}])
    assert r.errors == [] and r.created == 1
    r = import_rows("services", [
        {"服务编号": "S1", "服务日期": "2013-03-01", "统一社会信用代码": USCC_C, "服务类型": "计量", "服务人次": "3"},
        {"服务编号": "S2", "服务日期": "2013-03-01", "统一社会信用代码": USCC_C, "服务类型": "计量", "服务人次": "0"},
    ], mode="partial")
    assert cols(r) == [(3, "服务人次")]
    from qualitybrand.registry.models import Publicity, Service

    s = Service.objects.get()
    assert (s.problems, s.region.code) == (0, "620521")
    r = import_rows("publicity", [{"稿件编号": "P1", "发布日期": "2013-03-01", "标题": "=1+1", "媒体": "天水日报",
                                   "区划代码": "620500"}])
    assert r.errors == [] and Publicity.objects.get().title == "=1+1"


def test_supervision_ledgers(entities):
    r = import_rows("inspections", [
        {"抽检编号": "I1", "抽查级别": "省", "产品类别": "电线电缆", "被抽查单位统一社会信用代码": USCC_A,
         "抽样日期": "2013-04-01", "结论": "不合格", "不合格项目": "导体电阻", "重点产品": "√"},
        {"抽检编号": "I2", "抽查级别": "省", "产品类别": "涂料", "被抽查单位统一社会信用代码": USCC_A,
         "抽样日期": "2013-04-01", "结论": "不合格"},
    ], mode="partial")
    assert cols(r) == [(3, "不合格项目")]
    r = import_rows("incidents", [{"事故编号": "A1", "区划代码": "620521", "发生日期": "2013-06-01", "领域": "食品",
                                   "等级": "一般"}])
    assert r.errors == []
    r = import_rows("cases", [
        {"案件编号": "K1", "案件类型": "商标侵权", "区划代码": "620522", "当事人统一社会信用代码": USCC_A,
         "立案日期": "2013-01-01", "结案日期": "2013-02-01", "涉案货值": "1.5", "罚没金额": "0.3", "线索来源": "12315"},
        {"案件编号": "K2", "案件类型": "其他", "区划代码": "620522", "立案日期": "2013-01-01", "结案日期": "2012-01-01"},
    ], mode="partial")
    assert cols(r) == [(3, "结案日期")]
    from qualitybrand.supervision.models import BlacklistEntry, Case

    c = Case.objects.get()
    assert (c.region.code, c.goods_value, c.transferred) == ("620522", Decimal("1.5"), False)
    r = import_rows("blacklist", [
        {"统一社会信用代码": USCC_A, "列入日期": "2013-01-01", "列入事由": "x", "决定机关": "天水市市场监管局"},
        {"统一社会信用代码": USCC_A, "列入日期": "2013-01-01", "列入事由": "y", "决定机关": "z"},
        {"统一社会信用代码": USCC_B, "列入日期": "2013-01-01", "列入事由": "x", "决定机关": "z", "移出日期": "2014-01-01"},
    ], mode="partial")
    assert cols(r) == [(3, "统一社会信用代码"), (4, "移出方式")]
    assert BlacklistEntry.objects.count() == 1


def test_indicator_values(regions, county_user):
    rows = [{"指标代码": "ENV.AIR_GOOD_DAYS", "区划代码": "620502", "年度": "2013", "数值": "300"},
            {"指标代码": "env.water_source_rate", "区划代码": "620502", "年度": "2013", "数值": "101"},
            {"指标代码": "trademark.total", "区划代码": "620502", "年度": "2013", "数值": "1"}]
    r = import_rows("indicator_values", rows, mode="partial")
    assert cols(r) == [(3, "数值"), (4, "指标代码")]
    from qualitybrand.indicators.models import IndicatorValue

    v = IndicatorValue.objects.get()
    assert (v.code, v.status, v.value) == ("env.air_good_days", "审核通过", Decimal(300))
    r = import_rows("indicator_values", [{"指标代码": "env.air_good_days", "区划代码": "620502", "年度": "2013",
                                          "数值": "301"}], user=county_user)
    v.refresh_from_db()
    assert (r.updated, v.status, v.value) == (1, "填报", Decimal(301))


def test_regions_former_codes_and_parents_in_file(regions):
    r = import_rows("regions", [
        {"区划代码": "520000", "名称": "贵州省", "类型": "省"},
        {"区划代码": "520200", "名称": "六盘水市", "上级区划代码": "520000", "类型": "市"},
        {"区划代码": "520204", "名称": "水城区", "上级区划代码": "520200", "类型": "区", "曾用代码": "520221"},
        {"区划代码": "520299", "名称": "坏", "上级区划代码": "529999", "类型": "区"},
        {"区划代码": "520298", "名称": "坏", "上级区划代码": "520200", "类型": "区", "曾用代码": "620502"},
        {"区划代码": "52A", "名称": "坏", "上级区划代码": "520200", "类型": "区"},
        {"区划代码": "ZONE1", "名称": "高新区", "上级区划代码": "520200", "类型": "开发区"},
    ], mode="partial")
    assert cols(r) == [(5, "上级区划代码"), (6, "曾用代码"), (7, "区划代码")]
    sc = Region.objects.get(code="520204")
    assert sc.path == "/520000/520200/520204/" and sc.depth == 2
    assert RegionAlias.objects.get(code="520221").region == sc
    r = import_rows("regions", [{"区划代码": "520221", "名称": "水城县", "上级区划代码": "520200", "类型": "县"}])
    assert cols(r) == [(2, "区划代码")]
    # moving 六盘水市 under 甘肃省 rewrites the subtree paths
    r = import_rows("regions", [{"区划代码": "520200", "名称": "六盘水市", "上级区划代码": "620000", "类型": "市"}])
    assert r.updated == 1
    assert Region.objects.get(code="520204").path == "/620000/520200/520204/"
