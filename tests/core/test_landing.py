"""Menus and landing pages by role (core/landing.py, core/navigation.py): what each role finds in its
menu, where it lands after signing in, an expert's 我的评审任务, an enterprise's 本企业, a county's
工作清单, 培育概览, and the 待办 badge counting work only (unread messages apart)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from qualitybrand.core.navigation import menu_for
from qualitybrand.cultivation.models import Application, RewardPayment, State
from tests.accounts.factories import PASSWORD, make_user
from tests.core.factories import assigned, award_application, expert_profile, message, rectification
from tests.factories import EntityFactory, TrademarkFactory
from tests.planning.factories import round_of

TODAY = dt.date(2014, 7, 10)
OWN, OTHER = "620502", "620503"
ROLES = ["city_admin", "county", "department", "enterprise", "expert", "leader"]
REGISTRY_LISTS = ["/registry/entities/", "/registry/trademarks/", "/registry/recognitions/", "/registry/programs/",
                  "/registry/patents/", "/registry/certifications/", "/registry/standards/", "/registry/pledges/",
                  "/registry/services/"]


@pytest.fixture(autouse=True)
def fixed_today(settings, tmp_path):
    settings.QB_TODAY = TODAY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def firm(regions):
    return EntityFactory(region=regions[OWN], name="秦州星火机床有限公司")


@pytest.fixture
def people(regions, firm):
    from qualitybrand.core.models import Department

    return {
        "city_admin": make_user(role="city_admin", region=regions["620500"]),
        "county": make_user(role="county", region=regions[OWN]),
        "department": make_user(role="department", region=regions["620500"], department=Department.objects.first()),
        "enterprise": make_user(role="enterprise", region=regions[OWN], entity=firm),
        "expert": make_user(role="expert", region=regions["620500"]),
        "leader": make_user(role="leader", region=regions["620500"]),
    }


def _urls(user) -> dict[str, str]:
    return {url: label for _, items in menu_for(user) for label, url in items}


def _badge(body: str) -> str | None:
    found = re.search(r'<a class="inbox" href="/inbox/">待办(?:<span class="badge">(\d+)</span>)?</a>', body)
    assert found, "the 待办 link is in the top bar"
    return found.group(1)


def _messages_badge(body: str) -> str | None:
    found = re.search(r'class="inbox messages-link"[^>]*>.*?消息(?:<span class="badge badge-muted" '
                      r'title="未读消息">(\d+)</span>)?</a>', body)
    assert found, "the 消息 link is in the top bar"
    return found.group(1)


# --- menus ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_expert_menu_has_its_reviews_and_nothing_it_cannot_use(people):
    urls = _urls(people["expert"])
    assert urls["/me/reviews/"] == "我的评审任务"
    assert urls["/cultivation/experts/"] == "回避申报"
    for url in REGISTRY_LISTS + ["/supervision/blacklist/", "/planning/", "/cultivation/", "/cultivation/scoring/",
                                 "/cultivation/applications/", "/me/company/", "/me/worklist/", "/ledgers/"]:
        assert url not in urls, url


@pytest.mark.django_db
def test_enterprise_menu_shows_its_company_instead_of_the_registry_lists(people):
    urls = _urls(people["enterprise"])
    assert urls["/me/company/"] == "本企业"
    assert urls["/cultivation/applications/"] == "我的申报"
    assert "/cultivation/calls/" in urls and "/cultivation/rewards/" in urls
    for url in REGISTRY_LISTS + ["/supervision/blacklist/", "/cultivation/", "/me/reviews/", "/planning/"]:
        assert url not in urls, url


@pytest.mark.django_db
def test_office_menus(people):
    county, leader, city, dept = (_urls(people[r]) for r in ("county", "leader", "city_admin", "department"))
    assert county["/me/worklist/"] == "工作清单" and "/registry/entities/" in county and "/cultivation/" in county
    assert "/reports/dashboard/" in leader and leader["/cultivation/"] == "培育概览"
    assert "/cultivation/applications/" not in dept and "/cultivation/" not in dept  # no application is theirs
    for menu in (leader, city):
        assert not [u for u in menu if u.startswith("/me/")]
    assert [u for u in dept if u.startswith("/me/")] == ["/me/department/"]  # 部门工作台 (issue 15)
    assert "/cultivation/scoring/" in city and "/cultivation/experts/" in city


@pytest.mark.django_db
def test_superuser_menu_has_no_personal_pages(regions):
    admin = make_user(role="city_admin", region=regions["620500"], is_superuser=True)
    urls = _urls(admin)
    assert "/registry/entities/" in urls and not [u for u in urls if u.startswith("/me/")]


@pytest.mark.django_db
def test_rendered_menu_of_the_expert(client, people):
    client.force_login(people["expert"])
    body = client.get("/me/reviews/").content.decode()
    assert '<a href="/me/reviews/" class="active" aria-current="page">我的评审任务</a>' in body
    assert "/registry/" not in body and "/planning/\"" not in body


# --- landing after login --------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role, landing", [("expert", "/me/reviews/"), ("enterprise", "/me/company/"),
                                           ("county", "/me/worklist/"), ("leader", "/reports/dashboard/"),
                                           ("city_admin", "/"), ("department", "/me/department/")])
def test_landing_after_login(client, people, role, landing):
    response = client.post("/accounts/login/", {"username": people[role].username, "password": PASSWORD},
                           follow=True)
    assert response.status_code == 200
    final = response.redirect_chain[-1][0] if response.redirect_chain else "/"
    assert final == landing
    if landing == "/":
        assert "常用功能" in response.content.decode()


@pytest.mark.django_db
def test_enterprise_without_its_company_stays_on_the_workbench(client, regions):
    client.force_login(make_user(role="enterprise", region=regions[OWN]))
    assert client.get("/").status_code == 200
    assert client.get("/me/company/").status_code == 403


# --- who may open the role pages (the permission walk of the new URLs) -----------------------------

PAGE_OWNER = {"/me/reviews/": "expert", "/me/company/": "enterprise", "/me/worklist/": "county",
              "/me/department/": "department"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(PAGE_OWNER))
def test_role_pages_open_to_their_role_only(client, people, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for role in ROLES:
        client.force_login(people[role])
        response = client.get(url)
        want = 200 if PAGE_OWNER[url] == role else 403
        assert response.status_code == want, (role, url, response.status_code)
        assert client.post(url, {}).status_code < 500


# --- 我的评审任务 -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_expert_task_list(client, people, regions):
    expert, city = people["expert"], people["city_admin"]
    mine = assigned(city, expert, regions[OWN])
    other_expert = make_user(role="expert", region=regions["620500"])
    theirs = assigned(city, other_expert, regions[OTHER])
    done = assigned(city, expert, regions[OTHER])
    type(done).objects.filter(pk=done.pk).update(submitted_at=dt.datetime(2014, 7, 1, tzinfo=dt.UTC), total=812)
    rnd = round_of(OWN)
    rectification(rnd, regions[OWN], deadline=dt.date(2014, 1, 31))  # overdue: not the expert's to act on

    client.force_login(expert)
    body = client.get("/me/reviews/").content.decode()
    assert mine.application.entity.name in body and f'href="/cultivation/scoring/{mine.pk}/">评分</a>' in body
    assert done.application.entity.name in body and f'href="/cultivation/scoring/{done.pk}/">查看</a>' in body
    assert "已提交" in body and "待评分" in body and "812" in body
    assert theirs.application.entity.name not in body
    # the round's manual item, for the assessed county
    assert f'href="/planning/rounds/{rnd.pk}/{OWN}/">评分</a>' in body and "0 / 1" in body
    assert "整改" not in body.split('<main')[1].split("考核评分")[0]
    # its 待办: the one application to score, never the city's overdue rectification
    work = client.get("/inbox/").content.decode()
    assert "待评分的申报" in work and "1 件" in work and "整改任务" not in work
    assert _badge(body) == "1"


@pytest.mark.django_db
def test_expert_sees_no_submit_button_for_rectification(client, people, regions):
    rnd = round_of(OWN)
    rectification(rnd, regions[OWN])
    for role, button in [("expert", False), ("leader", False), ("county", True), ("city_admin", False)]:
        client.force_login(people[role])
        body = client.get(f"/planning/rounds/{rnd.pk}/tasks/").content.decode()
        assert ("提交整改报告" in body) is button, role


@pytest.mark.django_db
def test_expert_manual_items_counted_as_scored(client, people, regions):
    from qualitybrand.planning import services

    rnd = round_of(OWN)
    services.score_manual(people["city_admin"], rnd, regions[OWN], "M1", "8")
    client.force_login(people["expert"])
    body = client.get("/me/reviews/").content.decode()
    assert "1 / 1" in body and "已评完" in body and f'href="/planning/rounds/{rnd.pk}/{OWN}/">查看</a>' in body


# --- 本企业 ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_company_page(client, people, regions, firm):
    due = TrademarkFactory(holder=firm, name="星火", registered=dt.date(2004, 11, 14), expires=dt.date(2015, 3, 13))
    TrademarkFactory(holder=firm, name="远期", registered=dt.date(2010, 1, 1), expires=dt.date(2020, 1, 1))
    neighbour = EntityFactory(region=regions[OTHER], name="麦积邻居有限公司")
    TrademarkFactory(holder=neighbour, name="邻居商标", registered=dt.date(2004, 11, 14),
                     expires=dt.date(2015, 1, 1))
    app = award_application(people["city_admin"], regions[OWN], entity=firm, state=State.COUNTY)
    RewardPayment.objects.create(entity=firm, region=firm.region, program=app.program, object_key=f"e:{firm.pk}",
                                 year=2013, amount=10)
    client.force_login(people["enterprise"])
    body = client.get("/me/company/").content.decode()
    assert firm.name in body and firm.uscc in body
    # its records: the trademarks ledger with its two marks, linked
    assert re.search(r'<a href="/registry/trademarks/">2 件</a>', body)
    assert "监督抽查" in body and "失信名单" in body  # every ledger carrying the entity, even when empty
    # reminders (alerts/reminder.py): the mark due within 12 months, not the one due in 2020, nor the neighbour's
    warnings = body.split("续展与复评提醒")[1].split("</section>")[0]
    assert "星火" in warnings and due.number in warnings and "2015年3月13日（剩余 246 天）" in warnings
    assert "远期" not in warnings and "邻居" not in body
    # its applications and rewards
    assert f'href="/cultivation/applications/{app.pk}/"' in body and "县区初审" in body
    assert "10.00" in body and "应付" in body


@pytest.mark.django_db
def test_company_warnings_empty_says_what_is_checked(client, people):
    client.force_login(people["enterprise"])
    body = client.get("/me/company/").content.decode()
    assert "暂无需要办理的续展或复评" in body and "12 个月" in body


# --- 工作清单 of a county ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_county_worklist(client, people, regions):
    award_application(people["city_admin"], regions[OWN], state=State.COUNTY)
    award_application(people["city_admin"], regions[OTHER], state=State.COUNTY)
    rnd = round_of(OWN, OTHER)
    rectification(rnd, regions[OWN])
    rectification(rnd, regions[OTHER])
    client.force_login(people["county"])
    body = client.get("/me/worklist/").content.decode()
    assert "待处理的申报（县区初审）" in body and "1 件" in body
    assert "逾期未完成的整改任务" in body
    tasks = body.split("整改任务</h2>")[1].split("</section>")[0] if "整改任务</h2>" in body else \
        body.split(">整改任务")[1].split("</section>")[0]
    assert regions[OWN].name in tasks and regions[OTHER].name not in tasks and "提交整改报告" in tasks
    assert "最近的台账导入" in body
    # the round assessing it: its manual item to self-evaluate, linked to its own region page only
    assert "考核自评" in body and "待自评 1 项" in body and f'href="/planning/rounds/{rnd.pk}/{OWN}/">自评</a>' in body
    assert f"/planning/rounds/{rnd.pk}/{OTHER}/" not in body


# --- 培育概览 ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_cultivation_overview_counts_by_program_and_stage(client, people, regions):
    city = people["city_admin"]
    award_application(city, regions[OWN], state=State.COUNTY)
    award_application(city, regions[OWN], state=State.COUNTY)
    award_application(city, regions[OWN], state=State.DOC_REVIEW)
    award_application(city, regions[OTHER], state=State.COUNTY)
    client.force_login(people["county"])
    body = client.get("/cultivation/").content.decode()
    assert "各项目申报进度" in body
    row = body.split("市政府质量奖</a></th>")[1].split("</tr>")[0]
    assert ">2</a>" in row and ">1</a>" in row and "<strong>3</strong>" in row  # not the neighbour's
    assert "state=%E5%8E%BF%E5%8C%BA%E5%88%9D%E5%AE%A1" in row  # each figure links to its applications
    client.force_login(city)
    row = client.get("/cultivation/").content.decode().split("市政府质量奖</a></th>")[1].split("</tr>")[0]
    assert "<strong>4</strong>" in row
    assert Application.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("role, target", [("expert", "/me/reviews/"), ("enterprise", "/me/company/"),
                                          ("department", "/cultivation/calls/")])
def test_cultivation_overview_sends_others_to_their_page(client, people, role, target):
    client.force_login(people[role])
    assert client.get("/cultivation/")["Location"] == target


# --- the badge counts work only --------------------------------------------------------------------

@pytest.mark.django_db
def test_badge_counts_work_and_messages_apart(client, people, regions):
    county = people["county"]
    award_application(people["city_admin"], regions[OWN], state=State.COUNTY)
    for _ in range(3):
        message(county)
    message(county, read=True)
    client.force_login(county)
    body = client.get("/me/worklist/").content.decode()
    assert _badge(body) == "1" and _messages_badge(body) == "3"
    inbox = client.get("/inbox/").content.decode()
    listed = inbox.split("<main")[1].split("</section>")[0]
    assert "待处理的申报" in listed and "未读消息" not in listed and "3 条未读消息" in inbox


@pytest.mark.django_db
def test_no_badge_without_work(client, people):
    message(people["leader"])
    client.force_login(people["leader"])
    body = client.get("/inbox/").content.decode()
    assert _badge(body) is None and _messages_badge(body) == "1"


@pytest.mark.django_db
def test_expert_profile_needed_for_no_tasks(client, people):
    expert_profile(people["expert"])
    client.force_login(people["expert"])
    body = client.get("/me/reviews/").content.decode()
    assert "暂无分配给您的奖项评审" in body
