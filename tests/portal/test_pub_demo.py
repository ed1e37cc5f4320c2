"""The demo's portal content (`demo.story_portal.load_demo_portal`) on a small city: published, dated on its day,
change-logged as the city user, and nothing else of the data touched."""

import datetime as dt

import pytest

from qualitybrand.core.models import ChangeLog
from qualitybrand.demo.story_portal import POLICIES, PUBLICATION, load_demo_portal
from qualitybrand.portal.models import InspectionPublication, PortalPage, PublishState
from qualitybrand.supervision.models import Inspection
from tests.factories import EntityFactory, UserFactory
from tests.portal.factories_pub import InspectionFactory


@pytest.mark.django_db
def test_demo_portal_content(regions, client, settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    city = UserFactory(username="city", role="city_admin", region=regions["620500"])
    firm = EntityFactory(region=regions["620503"])
    q1_city = [InspectionFactory(entity=firm, level="市", sampled=dt.date(2014, 2, 10)),
               InspectionFactory(entity=firm, level="市", sampled=dt.date(2014, 3, 31))]
    InspectionFactory(entity=firm, level="县", sampled=dt.date(2014, 2, 10))
    InspectionFactory(entity=firm, level="市", sampled=dt.date(2014, 4, 1))
    before = list(Inspection.objects.order_by("id").values())

    counts = load_demo_portal()

    assert counts == {"policies": len(POLICIES), "news": 4, "publications": 1}
    assert not PortalPage.objects.exclude(state=PublishState.PUBLISHED).exists()
    titles = set(PortalPage.objects.filter(section="policy").values_list("title", flat=True))
    assert "关于贯彻甘肃省质量发展纲要的实施意见" in titles
    news = list(PortalPage.objects.filter(section="news").order_by("published_on"))
    assert all(p.published_on < dt.date(2014, 7, 10) for p in news)
    assert any("张家川牛肉" in p.title for p in news) and any("马德里" in p.title for p in news)
    publication = InspectionPublication.objects.get()
    assert publication.state == PublishState.PUBLISHED and publication.published_on == PUBLICATION["published"]
    assert set(publication.inspections.values_list("pk", flat=True)) == {i.pk for i in q1_city}
    logs = ChangeLog.objects.filter(model__in=["portal.portalpage", "portal.inspectionpublication"])
    assert logs.count() == 2 * (len(POLICIES) + 4) + 3 and set(logs.values_list("user", flat=True)) == {city.pk}
    assert list(Inspection.objects.order_by("id").values()) == before
    body = client.get(f"/portal/inspections/{publication.pk}/").content.decode()
    assert firm.name in body
