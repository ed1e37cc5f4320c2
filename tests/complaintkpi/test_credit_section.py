"""The 投诉举报 section of the credit file: the entity's complaints as they stood on as_of, never the
complainant's identity, none for an enterprise user."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from qualitybrand.credit import file as credit_file
from tests.api.conftest import make_user
from tests.complaintkpi.factories import complaint
from tests.factories import EntityFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(regions):
    return EntityFactory(region=regions["620502"], name="秦州食品有限公司")


def test_section_lists_the_entitys_complaints_as_of(firm, regions, city_user):
    c1 = complaint(firm.region, entity=firm, registered=D(2024, 3, 1), accepted=D(2024, 3, 4),
                   closed=D(2024, 4, 1), result="调解成功", recovered=Decimal("2.5"), product="速冻水饺",
                   complainant_name="张三", complainant_phone="13800000000")
    c2 = complaint(firm.region, "举报", entity=firm, registered=D(2024, 5, 1))
    complaint(firm.region, registered=D(2024, 6, 1))  # another respondent
    built = credit_file.build(firm, city_user, D(2024, 3, 20))
    events = built.group("complaints").events
    assert [e.title for e in events] == [f"被投诉 {c1.number}：速冻水饺"]
    assert events[0].status == "调解中" and events[0].record == f"complaints:{c1.number}"
    later = credit_file.build(firm, city_user, D(2024, 5, 2)).group("complaints").events
    assert {e.status for e in later} == {"调解成功", "核查中"}
    assert ("挽回经济损失", "2.50 万元") in next(e for e in later if c1.number in e.title).facts
    assert c2.number in " ".join(e.title for e in later)


def test_page_never_shows_identity_and_enterprise_sees_none(client, firm, regions, city_user):
    c = complaint(firm.region, entity=firm, registered=D(2024, 3, 1), complainant_name="李四投诉人",
                  complainant_phone="13912345678", complainant_address="秦州区某街道", summary="李四投诉人反映…")
    client.force_login(city_user)
    html = client.get(reverse("credit:file", args=[firm.uscc]), {"as_of": "2024-12-31"}).content.decode()
    assert c.number in html
    for secret in ("李四投诉人", "13912345678", "秦州区某街道"):
        assert secret not in html
    enterprise = make_user("enterprise", regions["620502"], entity=firm)
    assert list(credit_file.build(firm, enterprise, D(2024, 12, 31)).group("complaints").events) == []
