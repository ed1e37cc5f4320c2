"""Every row rule of ledgers.md: one bad row per rule, the error on the right row and canonical column,
exit 1, nothing written."""

from __future__ import annotations

import json

from tests.contract.citygen import patent_check
from tests.contract.conftest import run


def cases_for(city):
    e0 = city.rows["entities"][0]
    u0 = e0["统一社会信用代码"]
    mark_of_other = next(t["注册号"] for t in city.rows["trademarks"] if t["注册人统一社会信用代码"] != u0)
    own_mark = next((t["注册号"] for t in city.rows["trademarks"] if t["注册人统一社会信用代码"] == u0), None)
    tm_prog = city.programs[0]
    county = city.counties[0]
    good_patent = "201310001234"
    good_patent += "." + patent_check(good_patent)
    bad_check = good_patent[:-1] + ("0" if good_patent[-1] != "0" else "1")
    design = "201330001234"
    design_number = design + "." + patent_check(design)
    tm_head = "注册号,商标名称,国际分类,注册人统一社会信用代码,申请日期,注册日期,专用权期限至,商标类型,地理标志," \
              "马德里国际注册号,国际注册日期"
    out = [
        ("regions", "区划代码,名称,上级区划代码,类型", "999901,某地,888888,县", "上级区划代码"),
        ("regions", "区划代码,名称,上级区划代码,类型", f"999902,某地,{city.city},州", "类型"),
        ("programs", "项目代码,项目名称,对象类型,级别", "bad-code,某项目,企业,市", "项目代码"),
        ("programs", "项目代码,项目名称,对象类型,级别,有效期(年)", "okcode,某项目2,企业,市,0", "有效期(年)"),
        ("programs", "项目代码,项目名称,对象类型,级别", f"other_{tm_prog['项目代码']},{tm_prog['项目名称']},企业,市",
         "项目名称"),
        ("entities", "统一社会信用代码,名称,主体类型,区划代码,成立日期,注销日期",
         f"{u0},甲,企业,{county},2013-05-01,2013-04-30", "注销日期"),
        ("entities", "统一社会信用代码,名称,主体类型,区划代码", f"{u0},甲,公司,{county}", "主体类型"),
        ("entities", "统一社会信用代码,名称,主体类型,区划代码", f"{u0},甲,企业,999999", "区划代码"),
        ("entities", "统一社会信用代码,名称,主体类型,区划代码,行业代码", f"{u0},甲,企业,{county},12345", "行业代码"),
        ("entities", "统一社会信用代码,名称,主体类型,区划代码,规模", f"{u0},甲,企业,{county},巨型", "规模"),
        ("trademarks", tm_head, f"880001,甲,46,{u0},2013-01-01,,,,,,", "国际分类"),
        ("trademarks", tm_head, f"880002,甲,9,{u0},2013-01-01,2012-12-31,,,,,", "注册日期"),
        ("trademarks", tm_head, f"880003,甲,9,{u0},2013-01-01,2013-06-01,2013-06-01,,,,", "专用权期限至"),
        ("trademarks", tm_head, f"880004,甲,9,{u0},2013-01-01,2013-06-01,,普通商标,是,,", "地理标志"),
        ("trademarks", tm_head, f"880005,甲,9,{u0},2013-01-01,2013-06-01,,,,1234567,", "国际注册日期"),
        ("trademarks", tm_head, f"12345678901,甲,9,{u0},2013-01-01,,,,,,", "注册号"),
        ("trademarks", tm_head, "880006,甲,9,91350100M000100Y43,2013-01-01,,,,,,", "注册人统一社会信用代码"),
        ("recognitions", "项目,统一社会信用代码,商标注册号,认定年度", f"{tm_prog['项目代码']},{u0},,2013", "商标注册号"),
        ("recognitions", "项目,统一社会信用代码,商标注册号,认定年度",
         f"{tm_prog['项目代码']},{u0},{mark_of_other},2013", "商标注册号"),
        ("recognitions", "项目,统一社会信用代码,产品名称,认定年度", f"{city.programs[1]['项目代码']},{u0},,2013",
         "产品名称"),
        ("recognitions", "项目,统一社会信用代码,认定年度", f"{city.programs[2]['项目代码']},{u0},1979", "认定年度"),
        ("recognitions", "项目,统一社会信用代码,认定年度", f"no_such_program,{u0},2013", "项目"),
        ("patents", "申请号,专利名称,专利类型,申请人统一社会信用代码,申请日,法律状态",
         f"{bad_check},甲,发明,{u0},2013-01-01,审中", "申请号"),
        ("patents", "申请号,专利名称,专利类型,申请人统一社会信用代码,申请日,法律状态",
         f"{design_number},甲,发明,{u0},2013-01-01,审中", "专利类型"),
        ("patents", "申请号,专利名称,专利类型,申请人统一社会信用代码,申请日,授权公告日,法律状态",
         f"{good_patent},甲,发明,{u0},2013-01-01,2012-01-01,有效", "授权公告日"),
        ("certifications", "证书编号,认证类型,统一社会信用代码,发证日期,有效期至",
         f"C1,ISO9001,{u0},2013-01-01,2013-01-01", "有效期至"),
        ("certifications", "证书编号,认证类型,统一社会信用代码,发证日期,有效期至",
         f"C2,ISO9002,{u0},2013-01-01,2014-01-01", "认证类型"),
        ("standards", "标准编号,标准名称,标准层级,工作类型,主要起草单位统一社会信用代码,发布日期",
         f"S1,甲,省级,制定,{u0},2013-01-01", "标准层级"),
        ("inspections", "抽检编号,抽查级别,产品类别,被抽查单位统一社会信用代码,抽样日期,结论",
         f"I1,省,涂料,{u0},2013-01-01,不合格", "不合格项目"),
        ("incidents", "事故编号,区划代码,发生日期,领域,等级", f"A1,{county},2013-01-01,食品,严重", "等级"),
        ("cases", "案件编号,案件类型,区划代码,立案日期,结案日期",
         f"K1,其他,{county},2013-05-01,2013-04-01", "结案日期"),
        ("cases", "案件编号,案件类型,区划代码,立案日期,涉案货值", f"K2,其他,{county},2013-05-01,abc", "涉案货值"),
        ("pledges", "登记编号,出质人统一社会信用代码,质权人,商标注册号,质押金额,登记日期,到期日期",
         f"P1,{u0},银行,{own_mark or mark_of_other},0,2013-01-01,2014-01-01",
         "质押金额" if own_mark else "商标注册号"),
        ("pledges", "登记编号,出质人统一社会信用代码,质权人,商标注册号,质押金额,登记日期,到期日期",
         f"P2,{u0},银行,{mark_of_other},10,2013-01-01,2014-01-01", "商标注册号"),
        ("pledges", "登记编号,出质人统一社会信用代码,质权人,商标注册号,质押金额,登记日期,到期日期",
         f"P3,{u0},银行,{own_mark or mark_of_other},10,2013-01-01,2013-01-01",
         "到期日期" if own_mark else "商标注册号"),
        ("services", "服务编号,服务日期,统一社会信用代码,服务类型,服务人次", f"F1,2013-01-01,{u0},计量,0", "服务人次"),
        ("services", "服务编号,服务日期,统一社会信用代码,服务类型,服务人次,解决问题数",
         f"F2,2013-01-01,{u0},计量,1,-1", "解决问题数"),
        ("publicity", "稿件编号,发布日期,标题,媒体,区划代码", f"G1,2013-02-30,甲,报,{county}", "发布日期"),
        ("indicator_values", "指标代码,区划代码,年度,数值", f"env.water_source_rate,{county},2013,101", "数值"),
        ("indicator_values", "指标代码,区划代码,年度,数值", f"tm.valid,{county},2013,5", "指标代码"),
        ("indicator_values", "指标代码,区划代码,年度,数值", f"pop.resident,{county},2013,-1", "数值"),
        ("indicator_values", "指标代码,区划代码,年度,数值",
         f"prov.total.{tm_prog['项目代码']},{city.city},2013,2.5", "数值"),
        ("blacklist", "统一社会信用代码,列入日期,列入事由,决定机关,移出日期",
         f"{u0},2013-01-01,虚假,局,2014-01-01", "移出方式"),
        ("blacklist", "统一社会信用代码,列入日期,列入事由,决定机关,移出日期,移出方式",
         f"{u0},2013-01-01,虚假,局,2012-01-01,撤销", "移出日期"),
    ]
    return out


def test_each_rule_reports_its_row_and_column(city_factory, tmp_path):
    city, paths, results = city_factory(3)
    problems = []
    for n, (ledger, header, row, column) in enumerate(cases_for(city)):
        path = tmp_path / f"rule{n}.csv"
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        code, out, err = run("import_ledger", ledger, str(path), "--json")
        doc = json.loads(out) if out.strip() else {}
        cells = {(e["row"], e["column"]) for e in doc.get("errors", [])}
        if code != 1 or (2, column) not in cells:
            problems.append((ledger, row, column, code, doc.get("errors"), err[:200]))
        elif not all(e["message"] for e in doc["errors"]):
            problems.append((ledger, row, "empty message"))
    assert not problems, problems
