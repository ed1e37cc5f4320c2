"""`qualitybrand load_demo`: the demo city, its accounts, and the other areas' demo parts."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from django.db import transaction

from qualitybrand.demo import profile as P
from qualitybrand.demo.generator import generate
from qualitybrand.demo.supervision_story import tell_supervision_story
from qualitybrand.demo.writer import write_ledgers

# Other areas add their demo parts (targets, schemes, applications, rewards) through these.
HOOKS = [
    ("qualitybrand.planning.demo", "load_demo_planning", "目标与考核"),
    ("qualitybrand.cultivation.demo", "load_demo_cultivation", "培育、申报与奖励"),
]
# The top floor's parts, run after every other part (they publish and report on what the others loaded).
LATE_HOOKS = [
    ("qualitybrand.demo.story_portal", "load_demo_portal", "公众门户内容"),
    ("qualitybrand.demo.story_reports", "load_demo_reports", "文书档案"),
    ("qualitybrand.demo.story_responsibility", "load_demo_responsibility", "责任体系（部门、乡镇、交办、迎检）"),
]


class DemoRefused(Exception):
    """The database already holds data and --force was not given."""


class DemoHookFailed(Exception):
    """Another area's demo loader raised: everything is rolled back."""


def load_demo(*, force: bool = False, seed: int = P.SEED, out: Callable[[str], None] = print,
              data: dict[str, list[dict]] | None = None) -> dict:
    """Load the demo city (the rows of `generate(seed)`, or `data` when given).
    Returns a summary {ledger: rows, "accounts": n, "hooks": [...], "seconds": s}."""
    from qualitybrand.core.models import Region

    if Region.objects.exists() and not force:
        raise DemoRefused("数据库中已有行政区划数据，未加载演示数据。如确需在现有数据上加载（按自然键更新"
                          "已有记录、补齐缺少的记录），请加 --force。")
    started = time.monotonic()
    if data is None:
        data = generate(seed)
    with transaction.atomic():
        results = write_ledgers(data, progress=lambda ledger, result: out(
            f"  {ledger}：{result.rows} 行（新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}）"))
        counts = {ledger: result.rows for ledger, result in results.items()}
        accounts = create_demo_accounts()
        hooks = run_hooks(out)
        if add_pending_repair(data, out):
            hooks.append("信用修复申请")
        hooks += tell_supervision_story(data, out)
        hooks += run_hooks(out, LATE_HOOKS)
    summary = {**counts, "accounts": accounts, "hooks": hooks, "seconds": time.monotonic() - started}
    return summary


def run_hooks(out: Callable[[str], None] = print, hooks=None) -> list[str]:
    """Call each area's demo loader when its module exists (skip only when the module is missing)."""
    done = []
    for module_name, function, label in HOOKS if hooks is None else hooks:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not exc.name or not (module_name == exc.name or module_name.startswith(exc.name + ".")):
                raise  # the module exists but something it imports does not: a real error
            out(f"  （{label}：尚未提供演示数据，跳过）")
            continue
        try:
            getattr(module, function)()
        except Exception as exc:
            raise DemoHookFailed(f"{label}的演示数据加载出错（{module_name}.{function}）："
                                 f"{type(exc).__name__}: {exc}") from exc
        done.append(label)
        out(f"  {label}：已加载")
    return done


# The smallest PDF a material check accepts: the demo's repair materials (their content is not the point).
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def add_pending_repair(data: dict[str, list[dict]], out: Callable[[str], None] = print) -> bool:
    """The pending credit repair application of the story (profile.CREDIT_STORY): the county office
    applies for the entity listed over a year ago, through the blacklist's repair service, with the
    three required materials. Skipped (False) while the platform has no repair service yet, when the
    rows loaded lack that entry, and when it already has an application (load_demo --force)."""
    try:
        from qualitybrand.supervision.models import RepairApplication, RepairMaterial
        from qualitybrand.supervision.services import apply_for_repair
    except ImportError:
        out("  （信用修复申请：平台尚未提供，跳过）")
        return False
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualitybrand.accounts.models import User
    from qualitybrand.core.demo_accounts import DEMO_ACCOUNTS
    from qualitybrand.demo.credit_story import repairable_entry
    from qualitybrand.supervision.models import BlacklistEntry

    row = repairable_entry(data)
    if row is None:
        return False
    entry = BlacklistEntry.objects.select_related("region").filter(
        entity__uscc=row["统一社会信用代码"], listed=row["列入日期"]).first()
    if entry is None or entry.removed or RepairApplication.objects.filter(entry=entry).exists():
        return False  # loaded before (--force): its application may since have been decided
    office = next(a["username"] for a in DEMO_ACCOUNTS
                  if a["role"] == "county" and a["region"] == entry.region.code)
    uploads = [(kind, SimpleUploadedFile(f"{kind}.pdf", DEMO_PDF, content_type="application/pdf"))
               for kind in RepairMaterial.REQUIRED]
    try:
        apply_for_repair(User.objects.get(username=office), entry, uploads,
                         statement="已完成整改并履行行政处罚，提交信用承诺书，申请信用修复。",
                         today=P.CREDIT_STORY["repair_submitted"])
    except Exception as exc:
        raise DemoHookFailed(f"信用修复申请的演示数据加载出错：{type(exc).__name__}: {exc}") from exc
    out("  信用修复申请：已加载（待审核 1 件）")
    return True


def create_demo_accounts() -> int:
    """One account per role (core/demo_accounts.py), password DEMO_PASSWORD, not forced to change.
    Existing usernames are left as they are. Returns the number created.

    The password is hashed once for all accounts (PBKDF2 is deliberately slow; the demo password
    is public on the login page anyway) and the accounts are written in one bulk insert with
    their change-log entries."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password

    from qualitybrand.accounts.models import User
    from qualitybrand.core import changelog, clock
    from qualitybrand.core.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
    from qualitybrand.core.models import Department, Region
    from qualitybrand.core.reference import ensure_reference_data
    from qualitybrand.registry.models import Entity

    validate_password(DEMO_PASSWORD)
    regions = {r.code: r for r in Region.objects.filter(code__in={a["region"] for a in DEMO_ACCOUNTS})}
    ensure_reference_data()  # the department users need their departments, even in a flushed database
    departments = {d.name: d for d in Department.objects.all()}
    existing = set(User.objects.filter(username__in=[a["username"] for a in DEMO_ACCOUNTS])
                   .values_list("username", flat=True))
    bound = [a["entity"] for a in DEMO_ACCOUNTS if "entity" in a]
    entities = {e.uscc: e for e in Entity.objects.filter(uscc__in=bound)}
    hashed, now = make_password(DEMO_PASSWORD), clock.now()
    users = [User(username=a["username"], role=a["role"], region=regions[a["region"]],
                  entity=entities[a["entity"]] if "entity" in a else None,
                  department=departments.get(a.get("department", "")), display_name=a["label"],
                  password=hashed, password_changed_at=now, must_change_password=False)
             for a in DEMO_ACCOUNTS if a["username"] not in existing]
    created = User.objects.bulk_create(users)
    fields = ["username", "role", "region", "entity", "department", "display_name", "must_change_password"]
    changelog.record_many([
        changelog.build_entry(user=None, action="create", obj=u, before=None,
                              after=changelog.snapshot(u, fields), region_path=u.region.path, reason="演示账号")
        for u in created])
    return len(created)


def format_summary(summary: dict) -> str:
    labels = [("regions", "行政区划"), ("entities", "市场主体"), ("trademarks", "商标"), ("recognitions", "荣誉认定"),
              ("patents", "专利"), ("certifications", "认证证书"), ("standards", "标准"), ("inspections", "抽查批次"),
              ("cases", "执法案件"), ("indicator_values", "填报指标"), ("blacklist", "失信名单")]
    parts = [f"{label} {summary[key]}" for key, label in labels if key in summary]
    lines = [
        "演示数据已加载：天水市（620500）及所辖七县区，2010—2014 年（台账截至 2014-06-30）。",
        "  " + "，".join(parts) + "。",
        f"  2013 年全市：市场主体 {P.CITY_2013['entity.count']} 户，有效注册商标 {P.CITY_2013['tm.valid']} 件，"
        f"每百户 {P.CITY_2013['tm.per100']:.1f} 件，企业商标拥有率 {P.CITY_2013['tm.owner_rate']:.0f}%。",
        f"  演示账号新建 {summary['accounts']} 个（密码见登录页，演示模式下显示）。",
        f"  用时 {summary['seconds']:.1f} 秒。",
    ]
    return "\n".join(lines)
