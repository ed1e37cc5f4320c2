"""Mutation check of the region checks (issue 12, item 8): remove each former hand-written region
check in turn (now a call into core/scoping.py), run its tests, restore the file. Every line should
say CAUGHT. Usage: .venv/bin/python scripts/mutate_region_checks.py [M1 M5 ...] (a dev tool, slow:
about a minute per mutation; run it after changing a region check)."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
S = "src/qualitybrand/"
DEDICATED = ["tests/planning/test_region_checks.py", "tests/accounts/test_region_checks.py",
             "tests/core/test_region_checks.py", "tests/core/test_scoping.py"]
WALK = ["tests/test_permissions.py::test_declared_scoping", "tests/test_permissions.py::test_declared_writes"]
M = [
 ("M1 is_office", S+"planning/services.py", 'return may_act_on_region(user, round_obj.region, {Role.CITY_ADMIN})', 'return getattr(user, "role", "") == Role.CITY_ADMIN'),
 ("M2 is_reviewer", S+"planning/services.py", 'return may_act_on_region(user, round_obj.region, {Role.EXPERT})', 'return getattr(user, "role", "") == Role.EXPERT'),
 ("M3 ensure_region_user", S+"planning/services.py", '    if not is_own_region(user, region):', '    if getattr(user, "role", "") != Role.COUNTY:'),
 ("M4 submit_rectification", S+"planning/services.py", '        if not is_own_region(user, task.region_id):', '        if getattr(user, "role", "") != Role.COUNTY:'),
 ("M5 loading._check_user", S+"planning/loading.py", 'may_act_on_region(user, region, {Role.CITY_ADMIN}) if region is not None', 'has_scoped_role(user, {Role.CITY_ADMIN}) if region is not None'),
 ("M6 visible_target_sets path", S+"planning/selectors.py", '        allocated = TargetSet.objects.filter(allocated)', '        allocated = TargetSet.objects.filter(items__allocations__isnull=False)'),
 ("M6b visible_target_sets role", S+"planning/selectors.py", ' and role_may(getattr(user, "role", ""), VIEW, TargetSet):', ':'),
 ("M7 api progress rows", S+"planning/api.py", '            rows = [r for r in rows if r.region in visible]', '            pass'),
 ("M8 api round_results", S+"planning/api.py", '        results = [r for r in results if r["region"] in visible]', '        pass'),
 ("M9 round page results", S+"planning/views_rounds.py", '        results = [r for r in results if r["region"] in visible]', '        pass'),
 ("M10 region_page", S+"planning/views_rounds.py", '    if not office and not region_in_scope(request.user, reg):', '    if False:'),
 ("M11 can_self", S+"planning/views_rounds.py", 'can_self = not rnd.is_frozen and (office or is_own_region(request.user, reg))', 'can_self = not rnd.is_frozen'),
 ("M12 rounds_for_user", S+"planning/selectors.py", '            if mine in (codes or []):\n                ids.add(rid)', '            if True:\n                ids.add(rid)'),
 ("M13 schemes_for_user", S+"planning/selectors.py", 'if mine in (codes or [])]', 'if True]'),
 ("M14 target_progress page", S+"planning/views.py", ' if region_in_scope(request.user, regions[r.region])]', ']'),
 ("M15 ensure_may_change create", S+"core/services.py", '        if not may_create_in(user, type(obj), getattr(obj, "region", None)):', '        if not (user.is_superuser or __import__("qualitybrand.core.roles").core.roles.role_may(getattr(user, "role", ""), CHANGE, type(obj))):'),
 ("M16 may_administer", S+"accounts/services.py", '    return has_scoped_role(actor, {Role.CITY_ADMIN})', '    return bool(actor and actor.is_authenticated and (actor.is_superuser or actor.role == Role.CITY_ADMIN))'),
 ("M17 users_for", S+"accounts/services.py", '    return within_scope(qs, actor)', '    return qs'),
 ("M18 _check_in_scope", S+"accounts/services.py", '    if not may_act_on_region(actor, region, {Role.CITY_ADMIN}):', '    if False:'),
 ("M19 entity in chosen region", S+"accounts/services.py", 'not entity.region.is_within(region):', 'False:'),
 ("M20 change_log_for_user scope", S+"core/selectors.py", '        qs = qs.filter(scope)', '        pass'),
 ("M21 may_read_change_log", S+"core/selectors.py", '    return has_scoped_role(user, CHANGE_LOG_READERS)', '    return user.is_superuser or user.role in CHANGE_LOG_READERS'),
 ("M23 update_record move", S+"core/services.py", '        _ensure_may_move(user, obj, changes)', '        pass'),
 ("M22 scope_regions", S+"core/selection.py", '    return regions_in_scope(user)', '    return Region.objects.all()'),
]
only = sys.argv[1:]
for name, path, old, new in M:
    if only and name.split()[0] not in only:
        continue
    f = ROOT / path
    text = f.read_text()
    assert text.count(old) == 1, (name, old)
    f.write_text(text.replace(old, new))
    try:
        tests = DEDICATED + (WALK if ("planning" in path or "M1" == name.split()[0]) else [])
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-rf", "--no-header", *tests],
                           cwd=ROOT, capture_output=True, text=True)
        failed = sorted(set(re.findall(r"^FAILED (\S+)", r.stdout, re.M)))
        errs = re.findall(r"^ERROR (\S+)", r.stdout, re.M)
        print(f"{name}: {'CAUGHT' if failed else 'NOT CAUGHT'} rc={r.returncode}", flush=True)
        for t in failed + errs:
            print("    ", t.split(" - ")[0], flush=True)
    finally:
        f.write_text(text)
