"""Recall pages: list (filters, overdue, export, scoping), new (office; bad input kept), detail (tree,
deadlines, progress), the holder's own view, steps and holder forms, downloads, worklist and 待办."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from qualitybrand.core import inbox, landing
from qualitybrand.recalls.models import Recall, RecallHolder
from tests.factories import UserFactory
from tests.recalls.factories import chain, recall

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def two(traced, regions, county_user, other_county_user):
    mine = recall(county_user, traced)
    theirs_chain = chain(regions["620503"], prefix="麦积")
    theirs = recall(other_county_user, theirs_chain, number="ZH2024-MJ01")
    return mine, theirs


def text(resp):
    return resp.content.decode()


def test_list_shows_own_county_only_with_overdue_flag_and_filters(client, county_user, two):
    mine, theirs = two
    client.force_login(county_user)
    page = text(client.get("/recalls/"))
    assert mine.number in page and theirs.number not in page
    assert "tag-red" not in page  # decided 09-27: the plan is due 10-16, today is 10-14
    assert mine.entity.name in page and "0/5" in page
    assert mine.number not in text(client.get("/recalls/?overdue=1"))
    assert mine.number not in text(client.get("/recalls/?type=食品"))
    assert mine.number in text(client.get(f"/recalls/?q={mine.batches.get().trace_code}"))
    assert "不在您的管辖范围内" in text(client.get("/recalls/?region=620503", follow=True))


def test_overdue_filter(client, county_user, traced):
    late = recall(county_user, traced, decided=D(2024, 9, 2))  # plan due 2024-09-13 (中秋 09-16/17 later)
    client.force_login(county_user)
    page = text(client.get("/recalls/?overdue=1"))
    assert late.number in page
    assert "tag-red" in page


def test_list_export_is_scoped(client, county_user, two):
    mine, theirs = two
    client.force_login(county_user)
    resp = client.get("/recalls/?export=xlsx")
    wb = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    values = [c for row in wb.active.iter_rows(values_only=True) for c in row if c]
    assert mine.number in values and theirs.number not in values
    csv = b"".join(client.get("/recalls/?export=csv").streaming_content).decode("utf-8-sig")
    assert mine.number in csv and theirs.number not in csv


def test_detail_shows_the_tree_deadlines_and_progress(client, county_user, two):
    mine, _ = two
    client.force_login(county_user)
    page = text(client.get(f"/recalls/{mine.pk}/"))
    for h in mine.holders.all():
        assert h.name in page
    assert page.count('class="rc-indent"') == 0 + 1 + 1 + 2 + 1  # depths 1, 2, 2, 3, 2 (R1, R2, stall, C)
    assert "第3级" in page and "2024-10-16" in page and "提交召回计划" in page
    assert "已通知<br><strong>0</strong> / 5" in page
    assert 'value="提交计划"' in page and "重新计算" in page
    assert f'href="/registry/entities/{mine.holders.get(depth=3).entity.uscc}/"' in page


def test_other_county_gets_404_everywhere(client, regions, two):
    """清水县 holds none of the recall's holders (麦积区 holds R2: test_holder_county.py)."""
    mine, _ = two
    client.force_login(UserFactory(role="county", region=regions["620521"]))
    for url in (f"/recalls/{mine.pk}/", f"/recalls/{mine.pk}/holders/export/?export=csv",
                f"/recalls/{mine.pk}/notice.docx", "/recalls/abc/", "/recalls/99999999999999999999/"):
        assert client.get(url).status_code == 404, url
    holder = mine.holders.first()
    resp = client.post(f"/recalls/{mine.pk}/holders/dispose/", {"holder": holder.pk, "disposal": "已销毁"})
    assert resp.status_code == 404
    assert client.post(f"/recalls/{mine.pk}/step/", {"action": "提交计划"}).status_code == 404
    holder.refresh_from_db()
    assert holder.disposal == "未处置"


def test_new_recall_form(client, county_user, traced):
    client.force_login(county_user)
    assert "缺陷批次追溯码" in text(client.get("/recalls/new/"))
    data = {"uscc": traced["M"].uscc, "product": "婴儿奶粉", "product_type": "消费品", "kind": "主动召回",
            "reason": "标签缺陷", "trace_codes": "NOPE-1", "decided": "2024-09-27"}
    resp = client.post("/recalls/new/", data)
    assert resp.status_code == 400 and "NOPE-1" in text(resp) and "标签缺陷" in text(resp)
    resp = client.post("/recalls/new/", {**data, "product_type": "食品", "trace_codes": traced["code"]})
    assert resp.status_code == 400 and "召回级别" in text(resp)
    resp = client.post("/recalls/new/", {**data, "trace_codes": traced["code"], "decided": "2024-02-30"})
    assert resp.status_code == 400 and "不是有效日期" in text(resp)
    assert not Recall.objects.exists()
    resp = client.post("/recalls/new/", {**data, "trace_codes": traced["code"]})
    r = Recall.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/recalls/{r.pk}/"
    assert r.holders.count() == 5


def test_new_recall_for_another_countys_enterprise_is_refused(client, other_county_user, traced):
    client.force_login(other_county_user)
    resp = client.post("/recalls/new/", {"uscc": traced["M"].uscc, "product": "奶粉", "product_type": "消费品",
                                         "kind": "责令召回", "reason": "x", "trace_codes": traced["code"],
                                         "decided": "2024-09-27"})
    assert resp.status_code == 400 and "本辖区未找到" in text(resp) and traced["M"].name not in text(resp)
    assert not Recall.objects.exists()


def test_enterprise_and_leader_cannot_open_the_new_form(client, firm_user, regions):
    from tests.factories import UserFactory

    client.force_login(firm_user)
    assert client.get("/recalls/new/").status_code == 403
    client.force_login(UserFactory(role="leader", region=regions["620500"]))
    assert client.get("/recalls/new/").status_code == 403


def test_the_holder_enterprise_sees_its_own_row_only_and_records_it(client, holder_user, two, traced):
    mine, theirs = two
    client.force_login(holder_user)
    listing = text(client.get("/recalls/"))
    assert mine.number in listing and theirs.number not in listing
    page = text(client.get(f"/recalls/{mine.pk}/"))
    assert traced["R1"].name in page and traced["C"].name not in page and traced["W"].name not in page.split("进度")[1]
    assert 'value="提交计划"' not in page and "重新计算" not in page
    own = mine.holders.get(entity=traced["R1"])
    other = mine.holders.get(entity=traced["C"])
    client.post(f"/recalls/{mine.pk}/holders/dispose/", {"holder": own.pk, "disposal": "已退回", "on": "2024-10-10"})
    own.refresh_from_db()
    assert own.disposal == "已退回"
    resp = client.post(f"/recalls/{mine.pk}/holders/dispose/", {"holder": other.pk, "disposal": "已退回"}, follow=True)
    assert "只能登记本企业" in text(resp)
    other.refresh_from_db()
    assert other.disposal == "未处置"
    csv = b"".join(client.get(f"/recalls/{mine.pk}/holders/export/?export=csv").streaming_content).decode("utf-8-sig")
    assert traced["R1"].name in csv and traced["C"].name not in csv


def test_the_responsible_enterprise_takes_its_steps_on_the_page(client, firm_user, two):
    mine, _ = two
    client.force_login(firm_user)
    resp = client.post(f"/recalls/{mine.pk}/step/", {"action": "发布信息"}, follow=True)
    assert "不能执行“发布信息”" in text(resp)
    client.post(f"/recalls/{mine.pk}/step/", {"action": "提交计划", "on": "2024-10-11"})
    mine.refresh_from_db()
    assert (mine.status, mine.plan_submitted) == ("计划已提交", D(2024, 10, 11))
    page = text(client.get(f"/recalls/{mine.pk}/?tab=steps"))
    assert "提交计划" in page and "已启动 → 计划已提交" in page


def test_office_notifies_selected_holders(client, county_user, two):
    mine, _ = two
    client.force_login(county_user)
    ids = list(mine.holders.values_list("pk", flat=True))[:3]
    resp = client.post(f"/recalls/{mine.pk}/holders/notify/", {"holder": ids, "on": "2024-10-08", "method": "电话"},
                       follow=True)
    assert "已登记 3 户" in text(resp)
    assert RecallHolder.objects.filter(notified=D(2024, 10, 8)).count() == 3
    resp = client.post(f"/recalls/{mine.pk}/holders/notify/", {"on": "2024-10-08", "method": "电话"}, follow=True)
    assert "请选择本召回的受影响主体" in text(resp)


def test_downloads(client, county_user, two):
    mine, _ = two
    client.force_login(county_user)
    resp = client.get(f"/recalls/{mine.pk}/holders/export/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active.iter_rows(values_only=True))
    names = {r[1] for r in rows}
    assert {h.name for h in mine.holders.all()} <= names
    resp = client.get(f"/recalls/{mine.pk}/notice.docx")
    doc = Document(io.BytesIO(resp.content))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "关于召回婴儿奶粉的通知" in body and "2024年10月16日" in body and "阪崎肠杆菌超标" in body
    assert len(doc.tables[0].rows) == 6


def test_worklist_and_inbox(client, county_user, traced):
    late = recall(county_user, traced, decided=D(2024, 9, 2))
    sections = [s for s in landing.sections_for("worklist", county_user) if s.title == "辖区缺陷产品召回"]
    assert sections and sections[0].rows[0][0].text == late.product
    assert sections[0].rows[0][-1].text == "逾期"
    items = [i for i in inbox.items_for(county_user) if i.label == "逾期的缺陷产品召回"]
    assert items and items[0].count == 1 and items[0].overdue
    client.force_login(county_user)
    assert "辖区缺陷产品召回" in text(client.get("/me/worklist/"))
