"""The inbox /alerts/ (warnings.md “Who hears about it”): grouping, filters, 已处理 with its note and the
change log, a level rise bringing a warning back, bulk 已处理, export, the top bar's 待办 and the panel."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache

from qualitybrand.alerts import inbox
from qualitybrand.alerts.engine import compute
from qualitybrand.alerts.handling import acknowledge
from qualitybrand.alerts.models import Acknowledgement
from qualitybrand.core.models import ChangeLog
from tests.alerts.inbox_support import D, mark, people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.QB_TODAY = D
    cache.clear()  # the per-process cache is keyed by data version, which a rolled-back test reuses
    yield
    cache.clear()


@pytest.fixture
def folks(regions):
    return people(regions)


@pytest.fixture
def marks(folks):
    """秦州: 10000001 expires in 20 days (紧急), 10000002 in 200 days (提示); 麦积: 10000003 in 30 days (紧急)."""
    return [mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城"),
            mark(folks["firm"], "10000002", D + dt.timedelta(days=200), "长城电工"),
            mark(folks["other"], "10000003", D + dt.timedelta(days=30), "麦积花牛")]


def _keys(rows):
    return [(r.alert.rule, r.alert.key, r.alert.level) for r in rows]


def test_rows_are_grouped_most_urgent_first_with_days_left(folks, marks):
    rows = inbox.rows_for(folks["city"])
    assert _keys(rows) == [("tm.renewal", "10000001", "紧急"), ("tm.renewal", "10000003", "紧急"),
                           ("tm.renewal", "10000002", "提示")]
    assert [r.days_left for r in rows] == [20, 30, 200]
    assert rows[0].days_text == "剩余 20 天"
    groups = inbox.grouped(rows)
    assert [(g.level, g.rule, len(g.rows)) for g in groups] == [("紧急", "tm.renewal", 2), ("提示", "tm.renewal", 1)]
    assert groups[0].rule_name == "商标续展提醒"


def test_inbox_page_links_each_row_to_its_record(client, folks, marks):
    client.force_login(folks["city"])
    body = client.get("/alerts/").content.decode()
    assert "商标续展提醒" in body and "剩余 20 天" in body and "2014-07-30" in body
    assert f'href="{marks[0].get_absolute_url()}"' in body or "/registry/trademarks/" in body
    assert body.index("剩余 20 天") < body.index("剩余 200 天")  # 紧急 before 提示


def test_acknowledge_hides_for_that_user_only_and_is_change_logged(client, folks, marks):
    client.force_login(folks["county"])
    response = client.post("/alerts/handle/", {"ids": ["tm.renewal 10000001"], "note": "已电话提醒企业"})
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(user=folks["county"], rule="tm.renewal", key="10000001")
    assert (ack.level, ack.note) == ("紧急", "已电话提醒企业")
    entry = ChangeLog.objects.filter(model="alerts.acknowledgement").latest("id")
    assert entry.action == "create" and entry.user_id == folks["county"].pk and entry.after["note"] == "已电话提醒企业"
    assert entry.region_path == folks["county"].region.path and entry.reason == "预警已处理"
    assert ("tm.renewal", "10000001", "紧急") not in _keys(inbox.rows_for(folks["county"]))
    assert ("tm.renewal", "10000001", "紧急") in _keys(inbox.rows_for(folks["city"]))   # another user still sees it
    assert "10000001" in [a.key for a in compute(D)]                                    # the warning stays computed
    shown = inbox.rows_for(folks["county"], inbox.Filters(show_handled=True))
    handled = [r for r in shown if r.alert.key == "10000001"]
    assert handled and handled[0].handled and handled[0].note == "已电话提醒企业"


def test_a_level_rise_brings_an_acknowledged_warning_back(folks, marks):
    acknowledge(folks["city"], [("tm.renewal", "10000002")], "已知悉")   # 提示 on D (200 days left)
    assert "10000002" not in [r.alert.key for r in inbox.rows_for(folks["city"])]
    later = D + dt.timedelta(days=115)   # 85 days left: 紧急
    rows = inbox.rows_for(folks["city"], as_of=later)
    assert ("tm.renewal", "10000002", "紧急") in _keys(rows)
    acknowledge(folks["city"], [("tm.renewal", "10000002")], "已督促", as_of=later)  # marked again: one mark, updated
    ack = Acknowledgement.objects.get(user=folks["city"], key="10000002")
    assert (ack.level, ack.note) == ("紧急", "已督促")
    assert ChangeLog.objects.filter(model="alerts.acknowledgement", action="update").count() == 1


def test_bulk_acknowledge_marks_every_selected_row(client, folks, marks):
    client.force_login(folks["city"])
    client.post("/alerts/handle/", {"ids": ["tm.renewal 10000001", "tm.renewal 10000003"], "note": "批量",
                                    "back": "?level=紧急"})
    assert sorted(Acknowledgement.objects.filter(user=folks["city"]).values_list("key", flat=True)) == [
        "10000001", "10000003"]
    assert ChangeLog.objects.filter(model="alerts.acknowledgement", action="create").count() == 2
    assert _keys(inbox.rows_for(folks["city"])) == [("tm.renewal", "10000002", "提示")]


@pytest.mark.parametrize("data, message", [
    ({"note": "x"}, "请先勾选要标记为已处理的预警"),
    ({"ids": ["tm.renewal 99999999"]}, "不在您的预警列表中"),
    ({"ids": ["tm.renewal 10000001"], "note": "长" * 501}, "处理说明最多 500 个字"),
])
def test_bad_acknowledgements_change_nothing(client, folks, marks, data, message):
    client.force_login(folks["county"])
    before = ChangeLog.objects.count()
    response = client.post("/alerts/handle/", data, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Acknowledgement.objects.exists() and ChangeLog.objects.count() == before


def test_a_county_cannot_acknowledge_another_countys_warning(client, folks, marks):
    client.force_login(folks["county"])
    response = client.post("/alerts/handle/", {"ids": ["tm.renewal 10000003"]}, follow=True)
    assert "不在您的预警列表中" in response.content.decode()
    assert client.post("/alerts/handle/tm.renewal/10000003", {"note": "x"}).status_code == 404
    assert client.post("/alerts/handle/tm.renewal/10000001", {"note": "本县"}).status_code == 302
    assert list(Acknowledgement.objects.values_list("key", "note")) == [("10000001", "本县")]


def test_filters_by_rule_level_and_region(client, folks, marks):
    client.force_login(folks["city"])
    body = client.get("/alerts/?level=提示").content.decode()
    assert "剩余 200 天" in body and "剩余 20 天" not in body
    body = client.get("/alerts/?region=620503").content.decode()
    assert "剩余 30 天" in body and "剩余 20 天" not in body
    body = client.get("/alerts/?rule=tm.grace").content.decode()
    assert "目前没有" in body or "没有符合条件的预警" in body


@pytest.mark.parametrize("query, message", [
    ("?level=很急", "级别“很急”无法识别"),
    ("?rule=nope", "没有代码为“nope”的预警规则"),
    ("?region=620000", "区划 620000 不存在或不在您的管辖范围内"),
])
def test_bad_filters_say_so_and_show_the_rest(client, folks, marks, query, message):
    client.force_login(folks["county"])
    response = client.get("/alerts/" + query)
    assert response.status_code == 200 and message in response.content.decode()


def test_export_csv_holds_the_pages_rows(client, folks, marks):
    client.force_login(folks["city"])
    response = client.get("/alerts/?level=紧急&export=csv")
    assert response.status_code == 200
    assert "%E9%A2%84%E8%AD%A6_%E5%A4%A9%E6%B0%B4%E5%B8%82_2014-07-10.csv" in response["Content-Disposition"]  # 预警_天水市
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "级别")
    data = rows[header + 1:]
    assert [(r[0], r[4], r[6], r[7]) for r in data] == [("紧急", "10000001", "2014-07-30", "20"),
                                                        ("紧急", "10000003", "2014-08-09", "30")]
    assert "级别：紧急" in text
    xlsx = client.get("/alerts/?export=xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_top_bar_counts_open_warnings_by_level(folks, marks):
    items = inbox.top_bar_items(folks["city"])
    assert [(i.label, i.count, i.overdue, i.url) for i in items] == [
        ("预警（紧急）", 2, True, "/alerts/?level=紧急"), ("预警（提示）", 1, False, "/alerts/?level=提示")]
    acknowledge(folks["city"], [("tm.renewal", "10000001")])
    assert [(i.label, i.count) for i in inbox.top_bar_items(folks["city"])] == [("预警（紧急）", 1), ("预警（提示）", 1)]


@pytest.mark.django_db(transaction=True)  # nothing is cached inside a transaction
def test_top_bar_counts_come_from_the_cache_on_the_next_page(folks, marks, django_assert_max_num_queries):
    inbox.top_bar_items(folks["city"])
    with django_assert_max_num_queries(3):   # data version, acknowledgements, rule names: no rule query
        inbox.top_bar_items(folks["city"])


def test_the_shells_todo_shows_the_counts(client, folks, marks):
    client.force_login(folks["city"])
    body = client.get("/inbox/").content.decode()
    assert "预警（紧急）" in body and "/alerts/?level=紧急" in body


def test_panel_counts_by_rule_and_level_for_the_region(client, folks, marks):
    client.force_login(folks["city"])
    body = client.get("/alerts/panel/?region=620502").content.decode()
    assert "商标续展提醒" in body and "/alerts/?rule=tm.renewal&amp;region=620502" in body
    assert body.count("1 条") == 2 and "2 条" in body      # 紧急 1, 提示 1, 合计 2
    county = client
    county.force_login(folks["county"])
    assert "不在您的管辖范围内" in county.get("/alerts/panel/?region=620503").content.decode()


def test_the_dashboard_loads_the_panel_from_alerts(client, folks, marks):
    client.force_login(folks["city"])
    body = client.get("/reports/dashboard/?region=620502").content.decode()
    assert 'hx-get="/alerts/panel/?region=620502"' in body and "{#" not in body and "comment" not in body


@pytest.mark.django_db(transaction=True)
def test_users_who_own_the_same_warnings_share_one_computation(folks, marks, regions,
                                                                django_assert_max_num_queries):
    from tests.accounts.factories import make_user

    leader = make_user(role="leader", region=regions["620500"])
    inbox.top_bar_items(folks["city"])
    with django_assert_max_num_queries(3):   # the city office's entry serves its leader
        assert [i.count for i in inbox.top_bar_items(leader)] == [2, 1]
    assert inbox.audience(folks["county"]) != inbox.audience(folks["neighbour"])
    assert inbox.audience(folks["county"]) != inbox.audience(folks["firm_user"])


@pytest.mark.django_db(transaction=True)
def test_after_a_write_the_top_bar_shows_the_last_counts_while_a_refresh_is_queued(
        folks, marks, monkeypatch, django_assert_max_num_queries):
    from qualitybrand.core.changelog import bump_data_version

    queued = []
    monkeypatch.setattr(inbox, "queue_refresh", lambda user, day, key: queued.append(user.pk) or True)
    assert inbox.top_bar_items(folks["city"]) == []         # the first page of the day waits for the worker
    assert queued == [folks["city"].pk]
    inbox.user_alerts(folks["city"])                        # what the queued task does
    queued.clear()
    marks[1].expires = D + dt.timedelta(days=10)            # 提示 → 紧急 once recomputed
    marks[1].save()
    bump_data_version()
    with django_assert_max_num_queries(5):   # version, two cache reads, acks, rule names: no rule runs
        assert [(i.label, i.count) for i in inbox.top_bar_items(folks["city"])] == [
            ("预警（紧急）", 2), ("预警（提示）", 1)]
    assert queued == [folks["city"].pk]
    inbox.user_alerts(folks["city"])                        # what the queued task (or the inbox page) does
    assert [(i.label, i.count) for i in inbox.top_bar_items(folks["city"])] == [("预警（紧急）", 3)]


@pytest.mark.django_db(transaction=True)
def test_the_refresh_task_computes_the_users_warnings(folks, marks):
    from qualitybrand.alerts.tasks import refresh_inbox

    assert refresh_inbox.call(folks["county"].pk, "2014-07-10") == 2
    assert refresh_inbox.call(999999, "2014-07-10") == 0


def test_overdue_of_a_working_day_deadline_names_both_units(folks):
    """complaint.overdue and insp.followup_overdue count working days on their record pages: the inbox says
    its “已逾期 N 天” are calendar days and gives the working days too; other rules keep the plain text."""
    from qualitybrand.alerts.engine import Alert

    due = dt.date(2014, 7, 8)                      # a Tuesday; 9, 10, 11 and 14 July are working days
    alerts = [Alert(rule, key, "620502", "紧急", due, "…") for rule, key in
              (("complaint.overdue", "TS1"), ("insp.followup_overdue", "SJ1"), ("tm.renewal", "1"))]
    rows = {r.alert.rule: r for r in inbox.rows_for(folks["city"], as_of=dt.date(2014, 7, 14), alerts=alerts)}
    assert rows["complaint.overdue"].days_text == "已逾期 6 天（自然日，即 4 个工作日）"
    assert rows["insp.followup_overdue"].days_unit == "自然日，即 4 个工作日"
    assert rows["tm.renewal"].days_text == "已逾期 6 天" and rows["tm.renewal"].days_unit == ""
