"""The demo loaded into the database (once for this module): every 2013 figure of demo.md, read
back by the definitions of indicators.md, the accounts, the refusal and --force."""

import pytest
from django.core.management import call_command

from qualitybrand.demo import profile as P
from tests.demo.dbfigures import db_figures

pytestmark = pytest.mark.django_db


def test_city_2013_figures_from_the_database(demo_loaded):
    got = db_figures(2013)
    assert {code: got.get(code) for code in P.CITY_2013} == pytest.approx(P.CITY_2013, abs=1e-9)
    assert round(got["insp.pass_rate"], 1) == 92.3
    assert round(got["rec.share.cn_wellknown_tm"], 1) == 25.9


def test_city_2013_figures_from_the_indicator_engine(demo_loaded):
    engine = pytest.importorskip("qualitybrand.indicators.engine")
    from qualitybrand.core.models import Region
    from qualitybrand.indicators.periods import Period

    city = Region.objects.get(code=P.CITY)
    codes = list(P.CITY_2013)
    values = engine.compute(codes, Period.year(2013), [city])
    got = {code: values[(code, P.CITY)] for code in codes}
    assert got == pytest.approx(P.CITY_2013, abs=1e-6)
    pop = engine.compute(["pop.resident"], Period.year(2013), [city])[("pop.resident", P.CITY)]
    assert pop == pytest.approx(sum(c.pop for c in P.COUNTIES))


def test_counties_differ(demo_loaded):
    per = {c.code: db_figures(2013, c.code) for c in P.COUNTIES}
    for code in ("entity.count", "tm.per100", "tm.owner_rate", "insp.pass_rate"):
        values = [per[c][code] for c in per]
        assert len(set(values)) == len(values), code
    assert sum(per[c]["entity.count"] for c in per) == P.CITY_2013["entity.count"]


def test_midyear_2014(demo_loaded):
    import datetime as dt

    got = {c.code: db_figures(2014, c.code, end=dt.date(2014, 6, 30))["tm.applications"] for c in P.COUNTIES}
    assert got == {c.code: c.tm_apps_2014h1 for c in P.COUNTIES}


def test_demo_accounts(demo_loaded):
    from qualitybrand.accounts.models import User
    from qualitybrand.core.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

    users = {u.username: u for u in User.objects.select_related("region", "entity", "department")}
    assert set(users) >= {a["username"] for a in DEMO_ACCOUNTS}
    for account in DEMO_ACCOUNTS:
        user = users[account["username"]]
        assert user.role == account["role"] and user.region.code == account["region"]
        assert not user.must_change_password
        if account.get("department"):
            assert user.department.name == account["department"]
    assert users["city"].check_password(DEMO_PASSWORD)
    assert users["enterprise"].entity.name == "天水星火机床有限责任公司"
    assert users["enterprise"].entity.region.code == "620502"


def test_writes_are_change_logged(demo_loaded):
    from qualitybrand.core.models import ChangeLog
    from qualitybrand.registry.models import Entity

    logged = ChangeLog.objects.filter(model="registry.entity", action="create").count()
    assert logged == Entity.objects.count()
    entry = ChangeLog.objects.filter(model="registry.trademark").first()
    assert entry.region_path.startswith("/620000/620500/")


def test_refuses_when_regions_exist(demo_loaded, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("load_demo")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "--force" in err and "已有行政区划" in err


def test_force_loads_over_existing_data_by_natural_key(demo_loaded, capsys, monkeypatch):
    """--force imports again through the ledger engine: existing keys are unchanged, nothing doubles.
    (A slice of the demo keeps this quick; the full rows go through the same path.)"""
    from qualitybrand.demo import generator, loader
    from qualitybrand.registry.models import Entity, Trademark

    full = demo_loaded["data"]
    xinghuo = generator.demo_enterprise_uscc(full)
    part = {"regions": full["regions"], "programs": full["programs"],
            "entities": [r for r in full["entities"] if r["统一社会信用代码"] == xinghuo] + full["entities"][:200],
            "trademarks": full["trademarks"][:50]}
    wanted = {r["统一社会信用代码"] for r in part["entities"]} | {r["注册人统一社会信用代码"] for r in part["trademarks"]}
    part["entities"] = [r for r in full["entities"] if r["统一社会信用代码"] in wanted]
    monkeypatch.setattr(loader, "generate", lambda seed: part)
    before = (Entity.objects.count(), Trademark.objects.count())
    call_command("load_demo", "--force")
    out = capsys.readouterr().out
    assert (Entity.objects.count(), Trademark.objects.count()) == before
    assert "新增 0" in out and "演示数据已加载" in out
    assert db_figures(2013)["tm.valid"] == 1828


def test_load_time_is_reported(demo_loaded):
    # measured, not asserted against a bound (no timed assertions): printed with -s
    print(f"\ndemo load: {demo_loaded['load_seconds']:.1f} s")
    assert demo_loaded["entities"] == len(demo_loaded["data"]["entities"])


def test_database_agrees_with_the_rows_every_year_and_county(demo_loaded):
    """What the ledger engine stored (defaults applied: 专用权期限至, 有效期至) gives the same figures
    as the generated rows, for every county in 2013 and for the city in every year (2013 and
    before untouched by the other areas' demo parts)."""
    import datetime as dt

    from tests.demo.oracle import figures

    data = demo_loaded["data"]
    codes = ["entity.count", "entity.enterprises", "tm.valid", "tm.owner_rate", "tm.applications",
             "tm.gi.new",
             "rec.valid.prov_famous_tm", "rec.valid.city_known_tm", "rec.valid.prov_brand_product",
             "rec.new.cn_wellknown_tm", "insp.pass_rate"]
    cases = [(2013, c.code, None) for c in P.COUNTIES]
    cases += [(year, P.CITY, None) for year in range(2010, 2014)] + [(2014, P.CITY, dt.date(2014, 6, 30))]
    for year, region, end in cases:
        want, got = figures(data, year, region, end), db_figures(year, region, end)
        # 2014: the cultivation demo's workflows may recognise applications in 2014 (its own records)
        compared = [c for c in codes if year < 2014 or not c.startswith("rec.")]
        assert {c: got[c] for c in compared} == pytest.approx({c: want[c] for c in compared}), (year, region)


def test_county_figures_from_the_indicator_engine(demo_loaded):
    engine = pytest.importorskip("qualitybrand.indicators.engine")
    from qualitybrand.core.models import Region
    from qualitybrand.indicators.periods import Period

    codes = ["entity.count", "tm.valid", "tm.per100", "tm.owner_rate", "insp.pass_rate",
             "rec.valid.prov_famous_tm",
             "rec.share.cn_wellknown_tm"]
    regions = list(Region.objects.filter(code__in=[c.code for c in P.COUNTIES]))
    values = engine.compute(codes, Period.year(2013), regions)
    for region in regions:
        want = db_figures(2013, region.code)
        want["rec.share.cn_wellknown_tm"] = None  # counties report no provincial total
        assert {c: values[(c, region.code)] for c in codes} == pytest.approx({c: want[c] for c in codes})
