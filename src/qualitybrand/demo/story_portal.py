"""The demo city's portal content (`load_demo_portal`, run by the demo loader after every other part):
one published 抽查结果公告 (the city-level batches of 2014 Q1), policy pages named after the seed documents,
and news items of the demo's story. Everything goes through portal/services.py as the city user, on the
day it was published (so the change log and the dates read as 2014). Adds only portal records: no figure
of the catalog counts them."""

from __future__ import annotations

import datetime as dt

from qualitybrand.demo import profile as P
from qualitybrand.portal import services
from qualitybrand.portal.cache import office_name
from qualitybrand.portal.selectors import InspectionFilter, choose_inspections

CITY_USER = "city"
PUBLICATION = {
    "title": "天水市2014年第一季度市级产品质量监督抽查结果公告",
    "intro": ("根据《中华人民共和国产品质量法》和产品质量监督抽查管理的有关规定，2014年第一季度，本局组织对全市"
              "生产、销售的部分产品开展了市级产品质量监督抽查。现将抽查结果予以公告。\n"
              "对抽查不合格的产品，已责令生产、销售企业限期整改，并依法跟踪复查；对复查仍不合格的，依法立案查处。"),
    "start": dt.date(2014, 1, 1), "end": dt.date(2014, 3, 31), "level": "市", "published": dt.date(2014, 4, 18),
}

# Titles of the seed documents (seeds 000, 003, 004); summaries and bodies in our own words.
POLICIES = [
    {"title": "关于贯彻甘肃省质量发展纲要的实施意见", "source": "天水市人民政府", "published": dt.date(2012, 9, 20),
     "summary": "明确全市贯彻省质量发展纲要的总体要求、主要目标和重点任务，推动产品、工程、服务和环境质量全面提升。",
     "body": ("<h2>一、总体要求</h2><p>坚持以质取胜，把质量发展作为全市经济社会发展的基础工作，落实企业质量主体责任和"
              "政府监管责任，形成政府引导、部门协作、企业主体、社会参与的质量工作格局。</p>"
              "<h2>二、重点任务</h2><ul><li>实施质量提升工程，推动重点产品质量达到国内先进水平；</li>"
              "<li>实施品牌带动战略，培育一批具有地方特色的知名品牌；</li>"
              "<li>加强质量监管，严厉打击制售假冒伪劣产品违法行为；</li>"
              "<li>夯实计量、标准、认证认可、检验检测等质量技术基础。</li></ul>"
              "<h2>三、保障措施</h2><p>各县区人民政府和市直有关部门要把质量工作纳入目标责任考核，完善质量奖励和激励机制，"
              "营造全社会重视质量、追求质量的良好氛围。</p>")},
    {"title": "关于进一步加强标准化工作的意见", "source": "天水市人民政府", "published": dt.date(2013, 4, 16),
     "summary": "提出实施标准化战略的工作重点，鼓励企业和行业组织参与各级标准制修订，推进农业和服务业标准化。",
     "body": ("<p>标准化是经济社会发展的技术支撑。为更好发挥标准在产业升级和质量提升中的引领作用，提出如下意见：</p>"
              "<ol><li>鼓励企业主导或参与国际、国家、行业和地方标准的制定修订，对主导制定标准的企业给予奖励；</li>"
              "<li>推进农业标准化示范区建设，以苹果、蔬菜、核桃等特色产业为重点，推行标准化生产；</li>"
              "<li>开展服务业标准化试点，提升旅游、商贸、物流等服务质量；</li>"
              "<li>加强标准实施的监督检查，引导企业开展标准自我声明公开。</li></ol>")},
    {"title": "关于开展质量与知识产权立市促进年活动的实施意见", "source": "天水市质量强市工作领导小组",
     "published": dt.date(2013, 11, 8),
     "summary": "以质量管理、品牌建设、标准化和知识产权为重点，部署促进年活动的指导思想、工作原则和主要任务。",
     "body": ("<h2>一、指导思想</h2><p>坚持市场导向、创新发展、以人为本，全面推进以质取胜、名牌战略、技术标准战略和"
              "知识产权战略，提升区域核心竞争力。</p>"
              "<h2>二、主要任务</h2><table><thead><tr><th>方面</th><th>主要任务</th></tr></thead><tbody>"
              "<tr><td>质量管理</td><td>推行卓越绩效管理模式，开展质量管理小组和质量攻关活动</td></tr>"
              "<tr><td>品牌建设</td><td>培育驰名商标、著名商标和名牌产品，发展地理标志证明商标</td></tr>"
              "<tr><td>知识产权</td><td>鼓励发明创造和专利申请，加大知识产权保护力度</td></tr>"
              "</tbody></table><h2>三、工作要求</h2><p>各县区、各部门要明确分工、落实责任，按季度报送工作进展。</p>")},
    {"title": "关于开展质量兴市活动的实施意见", "source": "天水市人民政府", "published": dt.date(2014, 3, 5),
     "summary": "坚持品牌建设与质量安全两手抓，明确质量兴市活动的目标任务、部门分工和考核办法。",
     "body": ("<p>为深入开展质量兴市活动，坚持一手抓品牌战略推进，一手抓产品质量安全，提出如下实施意见：</p>"
              "<h2>一、加大产品质量监管力度</h2><p>加强对重点产品、重点区域和重点企业的监督抽查，"
              "对抽查不合格的企业依法跟踪整改和复查，守住质量安全底线。</p>"
              "<h2>二、推进品牌建设</h2><p>建立品牌培育梯队，支持企业争创名牌产品和著名商标，扩大地方特色品牌影响力。</p>"
              "<h2>三、强化考核</h2><p>将质量兴市工作纳入县区和部门年度目标责任考核，考核结果向社会公开。</p>")},
]


def _news() -> list[dict]:
    """News of the demo's story, named from the profile (no figure in the text)."""
    campaign = P.SUPERVISION_STORY["campaign"]
    counties = "、".join(P.COUNTY_BY_CODE[c].name for c in campaign["counties"])
    xinghuo = next(e for e in P.NAMED_ENTITIES if e[0] == P.MADRID["mark"])[3]
    mark = next(m for m in P.NAMED_MARKS if m[0] == P.MADRID["mark"])[2]
    gi = next(m for m in P.NAMED_MARKS if m[0] == "gi_zjc")
    gi_holder = next(e for e in P.NAMED_ENTITIES if e[0] == gi[1])[3]
    return [
        {"title": "全市推进质量振兴暨商标战略实施工作会议召开", "published": dt.date(2014, 2, 26),
         "summary": "会议总结了上一年度全市质量振兴和商标战略工作，部署了今年的重点任务。",
         "body": ("<p>全市推进质量振兴暨商标战略实施工作会议召开。会议总结了上一年度全市推进质量振兴和实施商标战略"
                  "的工作成效，表彰了质量奖获奖企业，并对今年的工作作出部署。</p><p>会议要求，各县区、各部门要"
                  "坚持质量强市与品牌兴业并重，加快培育驰名商标、著名商标和名牌产品，加强质量监管，"
                  "切实落实企业质量主体责任。</p>")},
        {"title": f"{campaign['title']}启动", "published": campaign["start"],
         "summary": f"专项整治在{counties}展开，重点检查电线电缆和农资产品的生产、销售环节。",
         "body": (f"<p>{campaign['title']}于{campaign['start'].month}月{campaign['start'].day}日启动，"
                  f"在{counties}展开，至{campaign['end'].month}月{campaign['end'].day}日结束。</p>"
                  "<p>专项整治以电线电缆、化肥、农药、种子等产品为重点，综合运用监督抽查、执法检查和联合打假等手段，"
                  "对抽查不合格的企业依法督促整改，对违法行为依法查处。欢迎群众通过本门户的"
                  "<a href=\"/portal/complaint/\">投诉举报</a>栏目反映问题线索。</p>")},
        {"title": f"“{gi[2]}”地理标志证明商标获准注册", "published": gi[4] + dt.timedelta(days=3),
         "summary": f"由{gi_holder}申请的“{gi[2]}”地理标志证明商标获准注册，全市地理标志再添新成员。",
         "body": (f"<p>{gi[4].year}年{gi[4].month}月{gi[4].day}日，由{gi_holder}申请的“{gi[2]}”地理标志证明商标"
                  "获准注册。</p><p>市场监管部门将指导协会规范商标使用管理，推动特色农产品标准化生产和品牌化经营，"
                  "带动农民增收。</p>")},
        {"title": f"{xinghuo}“{mark}”商标马德里国际注册获准", "published": P.MADRID["date"] + dt.timedelta(days=6),
         "summary": f"“{mark}”商标通过马德里体系在{'、'.join(P.MADRID['countries'])}获得注册保护。",
         "body": (f"<p>{xinghuo}的“{mark}”商标马德里国际注册获准，在{'、'.join(P.MADRID['countries'])}"
                  "等国家获得商标保护，为企业产品开拓国际市场提供了保障。</p>"
                  "<p>市场监管部门将继续引导出口企业开展商标国际注册，提升本市品牌的国际影响力。</p>")},
    ]


def load_demo_portal(out=None) -> dict:
    from django.contrib.auth import get_user_model

    from qualitybrand.demo.story_services import on_day

    user = get_user_model().objects.get(username=CITY_USER)
    office = office_name()
    counts = {"policies": 0, "news": 0, "publications": 0}
    for section, items in (("policy", POLICIES), ("news", _news())):
        for item in items:
            with on_day(item["published"]):
                page = services.save_page(user, None, {"section": section, "title": item["title"],
                                                       "summary": item["summary"], "body": item["body"],
                                                       "source": item.get("source") or office})
                services.publish_page(user, page)
            counts["policies" if section == "policy" else "news"] += 1
    spec = PUBLICATION
    ids = list(choose_inspections(user, InspectionFilter(start=spec["start"], end=spec["end"], level=spec["level"]))
               .values_list("id", flat=True))
    if ids:
        with on_day(spec["published"]):
            publication = services.create_publication(user, title=spec["title"], intro=spec["intro"],
                                                      inspection_ids=ids)
            services.publish_publication(user, publication)
        counts["publications"] = 1
    if out:
        out(f"  公众门户：政策文件 {counts['policies']} 篇，工作动态 {counts['news']} 篇，抽查结果公告 "
            f"{counts['publications']} 个（{len(ids)} 批次）")
    return counts
