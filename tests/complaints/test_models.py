import datetime as dt

import pytest

from qualitybrand.complaints.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_builtin_deadline_rule_seeded():
    rule = DeadlineRule.objects.get(title="总局令第20号")
    assert (rule.valid_from, rule.valid_to) == (dt.date(2019, 12, 1), dt.date(2026, 4, 14))
    assert (rule.accept_days, rule.mediate_days, rule.verify_days, rule.extension_days) == (7, 45, 15, 15)
    assert rule.confirmed
