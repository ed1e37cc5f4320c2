"""The change-log page and a history tab read as people write: no "object (", no raw JSON, no ISO
times; object types once each in the filter."""

import re

import pytest
from django.urls import reverse

from tests.changelog.conftest import seed_changes

pytestmark = pytest.mark.django_db
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start):html.index(end, html.index(start))]


def _assert_readable(part: str):
    assert "object (" not in part
    assert "{" not in part and "}" not in part and "&#x27;" not in part and "&quot;" not in part
    assert not ISO_TIME.search(part)


def test_change_log_page_reads_as_people_write(client, regions, fast_hasher):
    seeded = seed_changes(regions)
    client.force_login(seeded["city"])
    html = client.get("/changelog/").content.decode()
    rows = _between(html, '<table class="table">', "</table>\n</div>")
    _assert_readable(rows)
    # object names and types
    assert "评审分配#11" in rows and "秦州甲股份公司" in rows and "商标" in rows and "奖励政策" in rows
    # labels, dates, choices, booleans, amounts, references, a score sheet as a table, local times
    for text in ("成立日期", "2009-03-01", "地理标志", "<td class=\"new\">是</td>", "29、30", "5 万元",
                 "县区用户", "秦州区", '<table class="kv">', "<th scope=\"row\">A2</th>", "领导作用",
                 "2014-07-10 09:31", "<td class=\"new\">85</td>"):
        assert text in rows, text
    assert re.search(r'<td class="nowrap">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>', rows)  # no seconds
    options = re.findall(r"<option value=\"[^\"]*\"[^>]*>([^<]+)</option>",
                         _between(html, '<select id="f-model"', "</select>"))
    assert len(options) == len(set(options)) and "考核佐证材料" in options and "指标佐证材料" in options
    assert "佐证材料" not in options and "target item" not in options


def test_history_tab_reads_the_same(client, regions, fast_hasher):
    seeded = seed_changes(regions)
    client.force_login(seeded["city"])
    url = reverse("registry:entities-detail", args=[seeded["entity"].uscc]) + "?tab=history"
    html = client.get(url).content.decode()
    history = _between(html, '<div class="history">', "  </tbody>\n</table>")
    _assert_readable(history)
    assert "秦州甲股份公司" in history and "2009-03-01" in history and "更名" in history
    assert re.search(r'<td class="nowrap">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>', history)
