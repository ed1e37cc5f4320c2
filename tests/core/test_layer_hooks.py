"""What the higher apps register with the lower ones (DESIGN.md § The layers) is in place once Django is set up:
the same ledgers, credit-file parts, owned records and first steps as when the lower apps imported them."""

import pytest

from qualitybrand.core import divisions, first_steps, listing
from qualitybrand.ledgers import hooks as ledger_hooks
from qualitybrand.ledgers.engine import LEDGERS, ORDER
from qualitybrand.registry import hooks as registry_hooks
from qualitybrand.registry.models import Entity
from qualitybrand.registry.selectors import credit_file
from qualitybrand.registry.services import entity_owned_models
from tests.accounts.factories import make_user
from tests.factories import EntityFactory, region_tree


def test_every_app_registered_its_ledgers_in_the_engines_order():
    names = list(LEDGERS)
    assert names[:len(ORDER)] == ORDER  # regions (ledgers), registry, supervision, indicator_values, in order
    assert {"complaints", "trace_events"} <= set(names[len(ORDER):])


def test_the_ledger_engine_reaches_the_registry_and_indicators_through_hooks(monkeypatch):
    from qualitybrand.indicators import tasks
    from qualitybrand.ledgers.export import export_queryset
    from qualitybrand.ledgers.regions import load_division_rows

    assert ledger_hooks.entity_model() is Entity
    queued = []
    monkeypatch.setattr(tasks, "enqueue_precompute", lambda: queued.append(1))
    ledger_hooks.data_changed()  # the indicators' hook queues the precompute
    assert queued == [1]
    assert listing._ledger_export is export_queryset
    assert divisions._loader is load_division_rows


def test_supervision_registers_its_records_with_the_registry():
    from qualitybrand.cultivation.views_rules import program_links
    from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection

    owned = entity_owned_models()
    assert owned[-3:] == [(Inspection, "entity_id"), (BlacklistEntry, "entity_id"), (Case, "party_id")]
    assert len(owned) == 10
    assert program_links in registry_hooks._program_links  # cultivation's 申报条件 on a program's page


@pytest.mark.django_db
def test_credit_file_keeps_its_parts_and_order():
    tree = region_tree()
    user = make_user(username="filecity", role="city_admin", region=tree["620500"])
    parts = credit_file(user, EntityFactory(region=tree["620502"]))
    assert list(parts) == ["trademarks", "recognitions", "patents", "certifications", "standards", "inspections",
                           "cases", "pledges", "services", "blacklist"]
    assert parts["inspections"].model.__name__ == "Inspection"


def test_first_steps_in_their_order():
    titles = [fn.__module__ for _, fn in sorted(first_steps._steps.values(), key=lambda item: item[0])]
    assert titles == ["qualitybrand.core.first_steps", "qualitybrand.registry.first_steps",
                      "qualitybrand.ledgers.first_steps", "qualitybrand.core.first_steps"]
