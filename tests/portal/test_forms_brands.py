"""品牌名录: pinyin/initials search (polyphones included), filters, today's validity, public fields only."""

import datetime as dt

import pytest

from qualitybrand.portal import brands
from tests.factories import ProgramFactory
from tests.portal.factories_portalpublic import TODAY, recognition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings, monkeypatch):
    from qualitybrand.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _subjects(response) -> str:
    return response.content.decode()


def test_initials_full_pinyin_and_name_find_the_brand(client, regions):
    recognition(regions["620502"], "天水星火")
    recognition(regions["620503"], "麦积苹果")
    for q in ("tsxh", "TSXH", "t s x h", "tianshuixinghuo", "tianshuixh", "星火", "天水 星火"):
        body = client.get("/portal/brands/", {"q": q}).content.decode()
        assert "天水星火" in body, q
        assert "麦积苹果" not in body, q
    body = client.get("/portal/brands/", {"q": "mjpg"}).content.decode()
    assert "麦积苹果" in body and "天水星火" not in body


def test_a_polyphone_is_found_by_every_reading(client, regions):
    recognition(regions["620502"], "长乐")  # 长 chang/zhang, 乐 le/yue
    for q in ("cl", "zl", "zy", "changle", "zhangyue"):
        assert "长乐" in client.get("/portal/brands/", {"q": q}).content.decode(), q
    assert "长乐" not in client.get("/portal/brands/", {"q": "xl"}).content.decode()


def test_spelling_rules():
    _, chars = brands.key_of("天水星火")
    assert brands.spells("tsxh", chars) and brands.spells("sx", chars)
    assert not brands.spells("txh", chars)  # consecutive characters only
    assert not brands.spells("tsxhx", chars)


def test_filters_by_tier_program_and_region(client, regions):
    national = ProgramFactory(level="国家", name="中国驰名商标", code="cwm")
    recognition(regions["620502"], "国标牌", program=national)
    recognition(regions["620503"], "省标牌", level="省")
    recognition(regions["620502"], "市标牌", level="市")
    body = client.get("/portal/brands/", {"tier": "国家"}).content.decode()
    assert "国标牌" in body and "省标牌" not in body and "市标牌" not in body
    body = client.get("/portal/brands/", {"program": "cwm"}).content.decode()
    assert "国标牌" in body and "市标牌" not in body
    body = client.get("/portal/brands/", {"region": "620503"}).content.decode()
    assert "省标牌" in body and "国标牌" not in body
    assert "共 0 个品牌" in client.get("/portal/brands/", {"tier": "国家", "region": "620503"}).content.decode()


def test_only_brands_valid_today(client, regions):
    recognition(regions["620502"], "过期牌", valid_until=dt.date(2014, 7, 9))
    recognition(regions["620502"], "当天牌", valid_until=TODAY)
    recognition(regions["620502"], "未来牌", year=2015)
    body = client.get("/portal/brands/").content.decode()
    assert "当天牌" in body and "过期牌" not in body and "未来牌" not in body


def test_detail_shows_public_fields_and_404_for_expired(client, regions):
    live = recognition(regions["620502"], "天水星火")
    old = recognition(regions["620502"], "过期牌", valid_until=dt.date(2013, 1, 1))
    response = client.get(f"/portal/brands/{live.pk}/")
    body = response.content.decode()
    assert response.status_code == 200 and "天水星火有限公司" in body and "秦州区" in body
    assert live.entity.uscc not in body  # the holder's codes are not the directory's business
    assert client.get(f"/portal/brands/{old.pk}/").status_code == 404
    assert client.get("/portal/brands/999999/").status_code == 404


def test_pagination_keeps_the_query(client, regions):
    for i in range(25):
        recognition(regions["620502"], f"星火{i:02d}")
    body = client.get("/portal/brands/", {"q": "xh"}).content.decode()
    assert "共 25 个品牌" in body and "q=xh&amp;page=2" in body
    assert client.get("/portal/brands/", {"q": "xh", "page": "2"}).content.decode().count('<li class="pf-card">') == 5
    assert client.get("/portal/brands/", {"page": "abc"}).status_code == 200


def test_the_index_is_built_once_per_data_version(regions, monkeypatch, settings):
    """Outside a transaction (a server): one build per data version and day, kept in the process."""
    from types import SimpleNamespace

    from qualitybrand.core import changelog

    recognition(regions["620502"], "天水星火")
    builds = []
    monkeypatch.setattr(brands, "connection", SimpleNamespace(in_atomic_block=False))
    monkeypatch.setattr(brands, "cached", lambda key, build, **kw: builds.append(key) or build())
    monkeypatch.setattr(brands, "_MEMO", {})
    monkeypatch.setattr(brands, "_VERSION", [None, 0.0])
    settings.QB_PORTAL_VERSION_SECONDS = 0  # read the version every time here
    first = brands.snapshot()
    assert brands.snapshot()[1] is first[1] and len(builds) == 1
    assert [b.subject for b in brands.search("tsxh")] == ["天水星火"]
    changelog.bump_data_version()
    assert brands.snapshot()[0] != first[0] and len(builds) == 2
    assert builds[0] == ("brands", TODAY.isoformat())


def test_the_version_is_read_at_most_every_few_seconds(monkeypatch, settings, db):
    from qualitybrand.core import changelog

    settings.QB_PORTAL_VERSION_SECONDS = 60
    monkeypatch.setattr(brands, "_VERSION", [None, 0.0])
    first = brands.current_version()
    changelog.bump_data_version()
    assert brands.current_version() == first  # within the window: the version read before
    settings.QB_PORTAL_VERSION_SECONDS = 0
    assert brands.current_version() == first + 1
