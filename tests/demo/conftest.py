import time

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The full demo city, loaded once per test module inside a transaction rolled back at the end
    (so other modules see an empty database)."""
    from qualitybrand.demo.generator import generate
    from qualitybrand.demo.loader import load_demo

    data = generate()
    with django_db_blocker.unblock():
        with transaction.atomic():
            started = time.monotonic()
            summary = load_demo(out=lambda line: None, data=data)
            summary["load_seconds"] = time.monotonic() - started
            summary["data"] = data
            yield summary
            transaction.set_rollback(True)
