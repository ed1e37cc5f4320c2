"""Jump-to-page on long lists: “跳至第 [ ] 页” in the shared pagination; bad input opens the first
or the last page, never a 404 or a 500."""

import re

import pytest

from qualitybrand.core import services as core_services
from qualitybrand.core.paging import page_number
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_page_number_rules():
    assert [page_number(v, 5) for v in ("abc", "", None, "0", "-3", "1", "3", "5", "6", "99999", "last", "²")] == [
        1, 1, 1, 1, 1, 1, 3, 5, 5, 5, 5, 1]
    assert page_number("7", 0) == 1  # an empty list has one (empty) page


@pytest.fixture
def many(regions):
    EntityFactory.create_batch(45, region=regions["620502"])


def current(html: str) -> tuple[int, int]:
    match = re.search(r"第 (\d+) / (\d+) 页", html)
    assert match, "no page indicator"
    return int(match.group(1)), int(match.group(2))


@pytest.mark.parametrize("raw,expected", [("abc", 1), ("0", 1), ("-1", 1), ("99999", 3), ("2", 2), ("2.5", 1)])
def test_registry_list_jump(raw, expected, users, login, many):
    response = login(users["county"]).get("/registry/entities/", {"page": raw, "kind": "企业"})
    assert response.status_code == 200
    html = response.content.decode()
    assert current(html) == (expected, 3)
    form = re.search(r'<form class="pager-jump".*?</form>', html, re.S).group(0)
    assert "跳至第" in form and 'name="page"' in form and 'max="3"' in form
    assert '<input type="hidden" name="kind" value="企业">' in form  # the filters are kept
    assert 'name="page" ' not in form.replace('type="number" name="page"', "")  # no second page field


def test_no_jump_form_on_a_single_page(users, login, regions):
    EntityFactory(region=regions["620502"])
    html = login(users["county"]).get("/registry/entities/").content.decode()
    assert "跳至第" not in html


@pytest.mark.parametrize("raw", ["abc", "0", "99999"])
def test_other_lists_jump(raw, users, login, regions):
    for i in range(25):
        core_services.create_record(None, EntityFactory.build(region=regions["620502"], name=f"变更{i}"))
    client = login(users["city"])
    for url in ("/changelog/", "/accounts/users/", "/accounts/security-log/", "/cultivation/applications/"):
        response = client.get(url, {"page": raw})
        assert response.status_code == 200, url
    html = client.get("/changelog/", {"page": raw, "model": "registry.entity"}).content.decode()
    assert current(html) == ((2, 2) if raw == "99999" else (1, 2))
    assert "跳至第" in html and '<input type="hidden" name="model" value="registry.entity">' in html
