"""`qualitybrand setup_regions CODE` (issue 16 item 9): a production start without the demo, from the
shipped GB/T 2260 list; then `create_user ... --region CODE`; the home page's first-admin checklist."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from qualitybrand.core import divisions
from qualitybrand.core.filtering import find_region
from qualitybrand.core.models import ChangeLog, Region, RegionAlias
from qualitybrand.ledgers.models import ImportBatch

ROOT = Path(__file__).resolve().parents[2]
TIANSHUI_COUNTIES = {"620502": "秦州区", "620503": "麦积区", "620521": "清水县", "620522": "秦安县",
                     "620523": "甘谷县", "620524": "武山县", "620525": "张家川回族自治县"}


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("setup_regions", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code, err = exc.returncode, io.StringIO(str(exc))
    return code, out.getvalue(), err.getvalue()


# --- the shipped list -------------------------------------------------------------------------

def test_the_shipped_list_is_a_tree_with_its_notes():
    listed = divisions.divisions()
    assert len(listed) == 44700
    assert all(d.parent in listed for d in listed.values() if d.parent), "every parent is listed"
    kinds = Counter(d.kind for d in listed.values())
    assert kinds["省"] == 31 and kinds["市"] == 342 and kinds["乡镇街道"] == 41352
    assert listed["620500"] == divisions.Division("620500", "天水市", "市", "620000")
    assert listed["620525"].kind == "县" and listed["620502"].kind == "区"
    assert listed["620981"].kind == "县级市" and listed["130171"].kind == "开发区"
    assert listed["441900003"].parent == "441900"  # 东莞: towns directly under the city
    for former in divisions.former_codes().values():
        assert former.code not in listed, former  # a former code is no current code
        assert not former.current or listed[former.current].name == former.current_name, former
    notes = (divisions.DATA / "README.md").read_text(encoding="utf-8")
    assert "2023-06-30" in notes and "modood/Administrative-divisions-of-China" in notes and "57a0aa9" in notes
    licence = (divisions.DATA / "LICENSE").read_text(encoding="utf-8")
    assert "Copyright (c) 2017 mwn" in licence and "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" in licence
    assert (divisions.DATA / "divisions.csv.gz").stat().st_size < 400_000


# --- the command --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_setup_regions_loads_the_city_its_counties_and_towns():
    assert not Region.objects.exists()
    code, out, err = run("620500")
    assert code == 0, err
    assert "天水市" in out and "新增 139 个" in out
    city = Region.objects.get(code="620500")
    assert (city.name, city.kind, city.parent.code, city.path) == ("天水市", "市", "620000", "/620000/620500/")
    counties = {r.code: r.name for r in Region.objects.filter(parent=city)}
    assert counties == TIANSHUI_COUNTIES
    towns = Region.objects.filter(kind="乡镇街道", path__startswith=city.path)
    assert towns.count() == 130
    town = Region.objects.get(code="620502001")
    assert (town.name, town.parent.code, town.path, town.depth) == (
        "大城街道", "620502", "/620000/620500/620502/620502001/", 3)
    assert not Region.objects.filter(code__startswith="6201").exists()  # nothing of the province's other cities
    # written through the regions ledger: one finished (undoable) batch, one change-log row per region
    batch = ImportBatch.objects.get()
    assert (batch.ledger, batch.status, batch.created) == ("regions", "done", 139)
    assert ChangeLog.objects.filter(model="core.region", action="create").count() == 139


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_says_so():
    assert run("620500")[0] == 0
    regions, log, batches = Region.objects.count(), ChangeLog.objects.count(), ImportBatch.objects.count()
    code, out, err = run("620500")
    assert code == 0, err
    assert "没有变化" in out
    assert (Region.objects.count(), ChangeLog.objects.count(), ImportBatch.objects.count()) == (regions, log, batches)


@pytest.mark.django_db
def test_existing_regions_are_kept_and_only_the_missing_ones_added(regions):
    """On the demo's tree (province, city, counties) only the towns are new; an office's own name stays."""
    from qualitybrand.core.services import save_region

    save_region(None, code="620503", name="麦积区（测试改名）", kind="区", parent=regions["620500"])
    code, out, err = run("620500")
    assert code == 0, err
    assert "新增 130 个" in out
    assert "保持库中现状：620503 麦积区（测试改名）" in out
    assert Region.objects.get(code="620503").name == "麦积区（测试改名）"
    assert Region.objects.filter(parent__code="620503", kind="乡镇街道").count() > 10


@pytest.mark.django_db
def test_former_codes_become_aliases_of_their_successor():
    code, out, err = run("520200")
    assert code == 0, err
    assert dict(RegionAlias.objects.values_list("code", "region__code")) == {"520221": "520204", "520222": "520281"}
    assert find_region("520221").name == "水城区"
    assert run("520200")[1].count("没有变化") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("value, named", [("999999", ["999999", "不在"]), ("620599", ["620599"]),
                                          ("520221", ["520221", "水城县", "撤销", "520204"]),
                                          ("371200", ["371200", "莱芜市", "撤销"])])
def test_an_unknown_or_retired_code_is_refused_with_exit_1(value, named):
    code, out, err = run(value)
    assert code == 1
    assert all(text in err for text in named), err
    assert not Region.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["6205", "62050A", "6205001", ""])
def test_a_malformed_code_is_a_usage_error(value):
    code, out, err = run(value)
    assert code == 2 and "格式" in err
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_create_user_for_the_city_after_setup():
    assert run("620500")[0] == 0
    out = io.StringIO()
    call_command("create_user", "wang", "--role", "city_admin", "--region", "620500", stdout=out)
    from qualitybrand.accounts.models import User

    wang = User.objects.get(username="wang")
    assert (wang.role, wang.region.code) == ("city_admin", "620500")
    assert "已创建用户 wang" in out.getvalue()


def test_a_fresh_database_from_the_command_line(tmp_path):
    """Exactly the README's “正式使用”: migrate, setup_regions, create_user (real processes, exit codes)."""
    env = {**os.environ, "QB_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'qb.sqlite3'}",
           "PYTHONPATH": str(ROOT / "src"), "QB_DEMO": "off"}
    env.pop("QB_TODAY", None)

    def qb(*args):
        return subprocess.run([sys.executable, "-m", "qualitybrand", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=600)

    assert qb("migrate", "--noinput", "-v0").returncode == 0
    first = qb("setup_regions", "620500")
    assert first.returncode == 0, first.stderr
    assert "已载入 天水市（620500）" in first.stdout
    again = qb("setup_regions", "620500")
    assert again.returncode == 0 and "没有变化" in again.stdout
    retired = qb("setup_regions", "520221")
    assert retired.returncode == 1 and "520221" in retired.stderr and "Traceback" not in retired.stderr
    assert qb("setup_regions").returncode == 2
    user = qb("create_user", "wang", "--role", "city_admin", "--region", "620500")
    assert user.returncode == 0, user.stderr
    assert "已创建用户 wang（市级管理员，天水市）" in user.stdout


@pytest.mark.django_db
def test_the_setup_can_be_undone_like_any_import(regions):
    """The output says the batch can be undone: a city administrator's undo removes what it added."""
    from qualitybrand.ledgers.services import undo_batch
    from tests.accounts.factories import make_user

    before = set(Region.objects.values_list("code", flat=True))
    assert run("620500")[0] == 0
    assert Region.objects.count() == len(before) + 130
    admin = make_user(role="city_admin", region=regions["620500"])
    undo_batch(ImportBatch.objects.get(ledger="regions"), admin)
    assert set(Region.objects.values_list("code", flat=True)) == before
    assert run("620500")[1].count("新增 130 个") == 1  # and it loads again afterwards
