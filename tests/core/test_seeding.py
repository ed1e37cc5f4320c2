"""After a flush (an operator's, or a transactional test's teardown) the defaults that data migrations
seeded come back: a database never lacks the built-in rating scheme or the warning thresholds."""

import pytest
from django.core.management import call_command

from qualitybrand.alerts.models import RuleSetting
from qualitybrand.core.models import Department, NiceClass
from qualitybrand.credit.models import CreditScheme, RestrictionRule


@pytest.mark.django_db(transaction=True)
def test_flush_puts_back_the_builtin_scheme_rules_and_thresholds():
    call_command("flush", interactive=False, verbosity=0)
    assert CreditScheme.objects.filter(code="builtin", version=1, active=True).exists()
    assert RestrictionRule.objects.filter(place="reward.pay", effect="暂缓").exists()
    assert RuleSetting.objects.get(rule="tm.renewal").params["window_days"] == 365
    assert Department.objects.filter(name="住建").exists() and NiceClass.objects.count() == 45


@pytest.mark.django_db(transaction=True)
def test_what_an_office_changed_is_not_seeded_over():
    call_command("flush", interactive=False, verbosity=0)  # whatever ran before: the seeded defaults
    RestrictionRule.objects.all().delete()  # the office removed every rule
    RuleSetting.objects.filter(rule="tm.renewal").update(params={"window_days": 180})
    call_command("migrate", verbosity=0)
    assert not RestrictionRule.objects.exists()
    assert RuleSetting.objects.get(rule="tm.renewal").params["window_days"] == 180
