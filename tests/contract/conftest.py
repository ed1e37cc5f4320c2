import io
import json

import pytest
from django.core.management import call_command

from tests.contract.citygen import ORDER, generate


def run(*args):
    """call_command with captured output; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # CommandError carries returncode
        from django.core.management.base import CommandError

        if not isinstance(exc, CommandError):
            raise
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def import_city(city, directory):
    paths = city.write(directory)
    results = {}
    for ledger in ORDER:
        code, out, err = run("import_ledger", ledger, str(paths[ledger]), "--json")
        doc = json.loads(out) if out.strip() else {}
        results[ledger] = (code, doc, err)
    return paths, results


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city_factory(db, tmp_path):
    def make(seed):
        city = generate(seed)
        paths, results = import_city(city, tmp_path)
        return city, paths, results
    return make
