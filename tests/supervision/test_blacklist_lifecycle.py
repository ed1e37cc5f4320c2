"""Blacklist time rules and `credit_maintenance` (credit.md § Blacklist lifecycle)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitybrand.core.models import ChangeLog
from qualitybrand.supervision import selectors
from qualitybrand.supervision.models import BlacklistEntry
from tests.supervision.factories import entry

D = dt.date


def test_add_years_feb_29():
    assert selectors.public_until(D(2012, 2, 29)) == D(2015, 2, 28)
    assert selectors.public_until(D(2013, 3, 15)) == D(2016, 3, 15)
    assert selectors.repair_possible_from(D(2012, 2, 29)) == D(2013, 2, 28)
    assert selectors.add_years(D(2016, 2, 29), -3) == D(2013, 2, 28)


@pytest.mark.django_db
class TestSelectors:
    def test_listed_on_and_publicly_listed(self, regions):
        r = regions["620502"]
        current = entry(r, listed=D(2013, 3, 15))
        repaired = entry(r, listed=D(2012, 5, 1), removed=D(2014, 6, 1), removal_method="信用修复")
        expired_unmaintained = entry(r, listed=D(2011, 7, 10))  # 3 years over on 2014-07-10
        future = entry(r, listed=D(2014, 8, 1))
        on = D(2014, 7, 10)
        assert set(selectors.listed_on(on)) == {current, expired_unmaintained}
        assert list(selectors.publicly_listed(on)) == [current]
        assert set(selectors.listed_on(D(2014, 5, 31))) == {current, repaired, expired_unmaintained}
        assert future not in selectors.listed_on(on)

    def test_feb_29_listing_expires_on_feb_28(self, regions):
        leap = entry(regions["620502"], listed=D(2012, 2, 29))
        assert list(selectors.publicly_listed(D(2015, 2, 27))) == [leap]
        assert list(selectors.publicly_listed(D(2015, 2, 28))) == []

    def test_status_texts(self, regions):
        r = regions["620502"]
        today = D(2014, 7, 10)
        assert selectors.entry_status(entry(r, listed=D(2013, 3, 15)), today) == ("公示中", "red")
        assert selectors.entry_status(entry(r, listed=D(2011, 7, 10)), today) == ("期满待移出", "orange")
        gone = entry(r, listed=D(2011, 1, 5), removed=D(2014, 1, 5), removal_method="期满移出")
        assert selectors.entry_status(gone, today) == ("已移出（期满移出）", "grey")


@pytest.mark.django_db
class TestMaintenance:
    def test_removes_expired_entries_once(self, regions, capsys):
        r = regions["620502"]
        old = entry(r, listed=D(2011, 7, 10), name="期满企业有限公司")
        leap = entry(r, listed=D(2011, 2, 28))
        kept = entry(r, listed=D(2011, 7, 11))
        repaired = entry(r, listed=D(2010, 1, 4), removed=D(2011, 3, 1), removal_method="信用修复")
        logs_before = ChangeLog.objects.count()
        call_command("credit_maintenance", "--as-of", "2014-07-10")
        out = capsys.readouterr().out
        assert "已期满移出 2 条" in out and "期满企业有限公司" in out
        old.refresh_from_db()
        leap.refresh_from_db()
        kept.refresh_from_db()
        repaired.refresh_from_db()
        assert (old.removed, old.removal_method) == (D(2014, 7, 10), "期满移出")
        assert (leap.removed, leap.removal_method) == (D(2014, 2, 28), "期满移出")
        assert kept.removed is None
        assert (repaired.removed, repaired.removal_method) == (D(2011, 3, 1), "信用修复")
        logs = list(ChangeLog.objects.filter(model="supervision.blacklistentry").order_by("id")[:5])
        assert ChangeLog.objects.count() == logs_before + 2
        assert all("公示期满 3 年" in e.reason for e in logs)
        assert logs[0].after == {"removed": "2014-02-28", "removal_method": "期满移出"}

        call_command("credit_maintenance", "--as-of", "2014-07-10")
        assert "已期满移出 0 条" in capsys.readouterr().out
        assert ChangeLog.objects.count() == logs_before + 2

    def test_dry_run_changes_nothing(self, regions, capsys):
        e = entry(regions["620502"], listed=D(2011, 7, 10))
        call_command("credit_maintenance", "--as-of", "2014-07-10", "--dry-run")
        assert "将期满移出 1 条" in capsys.readouterr().out
        e.refresh_from_db()
        assert e.removed is None

    def test_bad_date_is_usage_error(self, regions):
        with pytest.raises(CommandError) as info:
            call_command("credit_maintenance", "--as-of", "2014-13-40")
        assert info.value.returncode == 2
        assert "不是有效日期" in str(info.value)
        assert not BlacklistEntry.objects.filter(removed__isnull=False).exists()

    def test_task_does_the_same(self, regions):
        from qualitybrand.supervision.tasks import credit_maintenance_task

        e = entry(regions["620502"], listed=D(2011, 7, 10))
        credit_maintenance_task.enqueue("2014-07-10")
        e.refresh_from_db()
        assert e.removal_method == "期满移出"
