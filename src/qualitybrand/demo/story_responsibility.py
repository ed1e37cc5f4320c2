"""The responsibility system's demo (issue 15 § 4), run by the demo loader after every other part:

1. the 乡镇街道 of 秦州区 from the shipped GB/T 2260 list, a share of the county's entities re-homed to six
   of them (a town is below the county, so no county or city figure changes), and the county's own 2014
   towns target set and scheme, loaded by the county account;
2. the city's 2013 department assessment of 住建 and 环保 on their reported indicators (`applies_to`),
   with common manual items, self-evaluations, reviewers' scores, a finalised 年终考核 and its notice;
3. 交办任务 from the city to departments, counties and two towns: reports, one accepted, one returned,
   exactly one overdue on the demo's today;
4. 迎检: the province's 2013 scheme for the city, its self-evaluation drafted from the engine, manual
   items turned into tasks whose accepted evidence makes the package.

Every write goes through the areas' services as the account that would do it, on the story's day
(`story_services.on_day`). A part whose app is missing is skipped with a message, as `run_hooks` does.
The documents are data: `demo/responsibility_*.yaml`."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from pathlib import Path

from qualitybrand.demo.story_services import on_day

HERE = Path(__file__).resolve().parent  # responsibility_*.yaml (package data: demo/*.yaml)
COUNTY = "620502"  # 秦州区
# The six towns given entities and targets (the other 17 of the list exist but hold nothing yet).
TOWNS = ["620502001", "620502002", "620502003", "620502004", "620502100", "620502101"]
# Out of every RE_HOME_OUT_OF eligible entities of the county, this many move to a town.
RE_HOME_SHARE, RE_HOME_OUT_OF = 1, 8
TOWNS_LOADED_ON = dt.date(2014, 3, 10)
TARGET_YEAR = 2014


class PartMissing(Exception):
    """An app this part needs is not on this branch yet: the part is skipped."""


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _need(*modules: str) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            raise PartMissing(f"平台尚未提供 {name}") from exc


def _load_documents(name: str, user) -> None:
    from qualitybrand.planning.loading import load_text

    result = load_text((HERE / name).read_text(encoding="utf-8"), user=user)
    if not result.ok:
        raise RuntimeError(f"演示数据 {name} 有误：" + "；".join(result.errors))


# --- 1. towns of 秦州区 ---------------------------------------------------------------------------

def eligible_entities(county):
    """Entities of the county that may move to a town without touching another story: generated ones
    (no named USCC, no account) with no record other than trademarks (every other relation is some
    area's story, which names the county)."""
    from qualitybrand.demo import profile as P
    from qualitybrand.registry.models import Entity, Trademark

    qs = Entity.objects.filter(region=county)
    for rel in Entity._meta.related_objects:
        if rel.related_model is Trademark or not rel.field.concrete:
            continue
        taken = rel.related_model._base_manager.filter(**{f"{rel.field.name}__region": county})
        qs = qs.exclude(pk__in=taken.values(rel.field.attname))
    named = {P.named_uscc(e[0]) for e in P.NAMED_ENTITIES}
    return qs.exclude(uscc__in=named).order_by("uscc")


def town_of(uscc: str, always: bool = False) -> str | None:
    """A stable choice (the same on every load): one of TOWNS for a share of the entities (for every
    one when `always`), else None."""
    h = int(hashlib.sha1(uscc.encode()).hexdigest()[:8], 16)
    if not always and h % RE_HOME_OUT_OF >= RE_HOME_SHARE:
        return None
    return TOWNS[(h // RE_HOME_OUT_OF) % len(TOWNS)]


def re_home(user, county) -> int:
    """Move the chosen entities to their towns: the entities' change log in bulk, then every record they
    own through `registry.services.move_entities` (which logs each)."""
    from qualitybrand.core import changelog, clock
    from qualitybrand.core.models import Region
    from qualitybrand.registry.models import Entity, Trademark
    from qualitybrand.registry.services import move_entities

    towns = {r.code: r for r in Region.objects.filter(code__in=TOWNS)}
    # the holders of this year's applications all move, so the towns' targets have progress to show
    applicants = set(Trademark.objects.filter(region=county, applied__year=TARGET_YEAR)
                     .values_list("holder_id", flat=True))
    moves, entries, now = [], [], clock.now()
    by_town: dict[int, list[int]] = {}
    for pk, uscc, name in eligible_entities(county).values_list("pk", "uscc", "name"):
        code = town_of(uscc, pk in applicants)
        if code is None:
            continue
        town = towns[code]
        moves.append((pk, town.pk))
        by_town.setdefault(town.pk, []).append(pk)
        entries.append(changelog.build_row(
            user=user, action="update", model="registry.entity", object_id=pk, object_repr=name,
            region_path=town.path, before={"region": county.pk}, after={"region": town.pk},
            reason="演示：主体住所所在乡镇街道", when=now))
    for town_id, ids in by_town.items():
        for i in range(0, len(ids), 2000):
            Entity.objects.filter(pk__in=ids[i:i + 2000]).update(region_id=town_id)
    changelog.record_many(entries)
    move_entities(user, moves, reason="演示：主体住所所在乡镇街道，随主体变更")
    return len(moves)


def load_towns(out) -> str:
    from qualitybrand.core.divisions import setup_regions
    from qualitybrand.core.models import Region
    from qualitybrand.planning.models import TargetSet

    if TargetSet.objects.filter(code="2014-qinzhou-towns").exists():
        return "乡镇街道：已加载过，跳过"  # load_demo --force
    city, qinzhou = _user("city"), _user("qinzhou")
    result = setup_regions(COUNTY, user=city)
    if result.errors:
        raise RuntimeError(f"秦州区乡镇街道载入失败：{result.errors[:3]}")
    county = Region.objects.get(code=COUNTY)
    moved = re_home(qinzhou, county)
    with on_day(TOWNS_LOADED_ON):
        _load_documents("responsibility_towns.yaml", qinzhou)
    towns = Region.objects.filter(parent=county, kind="乡镇街道").count()
    return f"秦州区乡镇街道 {towns} 个，{moved} 户市场主体归入 {len(TOWNS)} 个乡镇街道，2014 年乡镇目标与考核方案"


def open_towns_round(out) -> str:
    """秦州区's own mid-year round of its towns (the county is the office of a towns round)."""
    from qualitybrand.planning import services
    from qualitybrand.planning.models import Round, Scheme

    scheme = Scheme.objects.get(code="2014-qinzhou-towns")
    if Round.objects.filter(scheme=scheme).exists():
        return "乡镇年中督查：已加载过，跳过"
    with on_day(dt.date(2014, 7, 1)):
        services.create_round(_user("qinzhou"), scheme, Round.Kind.MID, deadline=dt.date(2014, 7, 20))
    return "秦州区乡镇街道年中督查：已发布（自评截止 2014-07-20）"


# --- evidence files ------------------------------------------------------------------------------

def evidence_png(title: str, size=(480, 320)) -> bytes:
    """A small real picture standing in for a photographed document: a page with ruled lines, a red
    seal, and the title where a Chinese font is installed."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([8, 8, size[0] - 9, size[1] - 9], outline=(120, 120, 120), width=2)
    for y in range(90, size[1] - 60, 22):
        draw.line([40, y, size[0] - 40, y], fill=(190, 190, 190), width=2)
    draw.ellipse([size[0] - 150, size[1] - 130, size[0] - 50, size[1] - 30], outline=(200, 30, 30), width=4)
    for path in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        try:
            draw.text((40, 36), title[:22], font=ImageFont.truetype(path, 20), fill=(30, 30, 30))
            break
        except OSError:
            continue
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def evidence_pdf(title: str) -> bytes:
    """The same page as a one-page PDF (a scanned document)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(evidence_png(title))).save(out, "PDF", resolution=72)
    return out.getvalue()


def upload(name: str, title: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    title = title or Path(name).stem
    if name.endswith(".png"):
        return SimpleUploadedFile(name, evidence_png(title), content_type="image/png")
    return SimpleUploadedFile(name, evidence_pdf(title), content_type="application/pdf")


# --- 2. the 2013 department assessment ----------------------------------------------------------

# Self-evaluations and reviewers' scores of the common manual items (M1 20 with evidence, M2 20).
DEPT_SELF = {"住建": {"M1": "19", "M2": "18.5"}, "环保": {"M1": "18", "M2": "19"}}
DEPT_REVIEW = {"住建": {"M1": "18", "M2": "17.5"}, "环保": {"M1": "16.5", "M2": "18"}}
DEPT_ACCOUNTS = {"住建": "zhujian", "环保": "huanbao"}
DEPT_NOTICE = {"title": "关于2013年度市直部门质量工作考核结果的通报", "doc_number": "天质强办发〔2014〕6号",
               "published_at": dt.date(2014, 2, 24)}


def load_departments(out) -> str:
    from qualitybrand.planning import services
    from qualitybrand.planning.models import Round, Scheme

    if Scheme.objects.filter(code="2013-dept").exists():
        return "部门考核：已加载过，跳过"
    city, expert = _user("city"), _user("expert2")
    with on_day(dt.date(2013, 12, 16)):
        _load_documents("responsibility_departments.yaml", city)
    scheme = Scheme.objects.get(code="2013-dept")
    with on_day(dt.date(2014, 1, 6)):
        rnd = services.create_round(city, scheme, Round.Kind.END, deadline=dt.date(2014, 1, 24))
    for dept, items in DEPT_SELF.items():
        with on_day(dt.date(2014, 1, 20)):
            user = _user(DEPT_ACCOUNTS[dept])
            for code, score in items.items():
                files = [upload(f"{dept}质量工作机制建设情况.pdf")] if code == "M1" else []
                services.submit_self_evaluation(user, rnd, dept, code, score,
                                                "已对照考核细则逐项自查，材料见附件。", files)
    with on_day(dt.date(2014, 2, 12)):
        for dept, items in DEPT_REVIEW.items():
            for code, score in items.items():
                services.score_manual(expert, rnd, dept, code, score,
                                      "制度健全，台账完整。" if float(score) >= 18 else "机制基本健全，部分台账不够完整。")
    with on_day(dt.date(2014, 2, 20)):
        rnd = services.finalise_round(city, rnd)
    with on_day(DEPT_NOTICE["published_at"]):
        services.publish_notice(city, rnd, **DEPT_NOTICE)
    totals = "，".join(f"{r['name']} {r['total']}" for r in rnd.snapshot["results"])
    return f"2013 年度市直部门考核：已定稿并通报（{totals}）"


# --- 3. 交办任务 ---------------------------------------------------------------------------------

# (title, content, standard, created, deadline, [(kind, key)]); keys: department short names, region codes.
TASKS = [
    ("2014年建设工程质量专项检查", "对全市在建房屋建筑和市政工程开展质量专项检查，重点检查主体结构和竣工验收。",
     "检查覆盖全部在建工程，形成检查报告和问题整改台账。", dt.date(2014, 4, 8), dt.date(2014, 6, 30),
     [("department", "住建")]),
    ("重点流域水质监测情况报送", "报送渭河、藉河重点断面上半年水质监测结果及超标断面的整改措施。",
     "监测数据完整，超标断面有整改措施和责任单位。", dt.date(2014, 6, 3), dt.date(2014, 7, 31),
     [("department", "环保")]),
    ("商标品牌培育情况调查", "摸清辖区内有培育潜力的商标和品牌，建立后备培育名单。",
     "形成后备培育名单（含企业、商标、培育方向），经分管领导审核后报送。", dt.date(2014, 6, 16),
     dt.date(2014, 8, 15), [("region", "620502"), ("region", "620503"), ("department", "市场监管")]),
    ("乡镇质量工作站建设", "在试点乡镇街道建立质量工作站，明确人员、职责和工作制度。",
     "工作站挂牌运行，人员和制度上墙，报送挂牌照片和制度文件。", dt.date(2014, 3, 20), dt.date(2014, 6, 30),
     [("town", "620502001"), ("town", "620502100")]),
]


def _assignees(keys):
    from qualitybrand.core.models import Department, Region

    depts = {d.name: d for d in Department.objects.all()}
    regions = {r.code: r for r in Region.objects.filter(code__in=[k for kind, k in keys if kind != "department"])}
    return [(kind, depts[key] if kind == "department" else regions[key]) for kind, key in keys]


def load_tasks(out) -> str:
    from qualitybrand.assignments import services
    from qualitybrand.assignments.models import Assignee, Task
    from qualitybrand.assignments.selectors import overdue_assignees
    from qualitybrand.core.models import Region

    if Task.objects.filter(title=TASKS[0][0]).exists():
        return "交办任务：已加载过，跳过"
    city = _user("city")
    office = Region.objects.get(code="620500")
    tasks = {}
    for title, content, standard, created, deadline, keys in TASKS:
        with on_day(created):
            tasks[title] = services.create_task(city, region=office, title=title, content=content,
                                                standard=standard, deadline=deadline, assignees=_assignees(keys))

    def assignee(title, label):
        return next(a for a in Assignee.objects.filter(task=tasks[title]).select_related("department", "region")
                    if a.label == label)

    def report(day, username, title, label, text, *, completion=False, files=(), figures=""):
        with on_day(day):
            services.submit_report(_user(username), assignee(title, label), text=text, figures=figures,
                                   completion=completion, files=[upload(f) for f in files])

    def review(day, title, label, action, comment):
        with on_day(day):
            services.review(city, assignee(title, label), action, comment)

    # accepted: 住建's inspection, progress then completion with the report
    report(dt.date(2014, 5, 20), "zhujian", TASKS[0][0], "住建", "已完成主城区在建工程检查，县区工程检查正在进行。",
           figures="已检查工程 86 项")
    report(dt.date(2014, 6, 25), "zhujian", TASKS[0][0], "住建", "专项检查全部完成，发现问题 37 项，已整改 35 项。",
           completion=True, files=["建设工程质量专项检查报告.pdf", "问题整改台账.png"], figures="检查工程 142 项")
    review(dt.date(2014, 6, 28), TASKS[0][0], "住建", "验收通过", "检查报告完整，整改台账清楚，同意办结。")
    # returned: 环保's report lacks the measures for the stations over the limit
    report(dt.date(2014, 7, 4), "huanbao", TASKS[1][0], "环保", "上半年重点断面水质监测结果已汇总。",
           completion=True, files=["重点断面水质监测结果.pdf"])
    review(dt.date(2014, 7, 8), TASKS[1][0], "环保", "退回", "缺少超标断面的整改措施和责任单位，请补充后重新报送。")
    # open, in time: 秦州区 has reported progress
    report(dt.date(2014, 7, 3), "qinzhou", TASKS[2][0], "秦州区", "已完成辖区内重点企业走访 23 户，名单正在汇总。")
    # overdue on the demo's today: 大城街道 done and accepted, 玉泉镇 not yet (the county reports for its towns)
    report(dt.date(2014, 6, 26), "qinzhou", TASKS[3][0], "大城街道", "大城街道质量工作站已挂牌运行。",
           completion=True, files=["大城街道质量工作站挂牌照片.png"])
    review(dt.date(2014, 6, 27), TASKS[3][0], "大城街道", "验收通过", "挂牌照片和制度文件齐全。")
    report(dt.date(2014, 6, 20), "qinzhou", TASKS[3][0], "玉泉镇", "玉泉镇工作站选址已确定，人员正在调配。")
    overdue = overdue_assignees(office).count()
    return f"交办任务 {len(tasks)} 项（已验收 1、退回 1、逾期 {overdue}）"


# --- 4. 迎检 -------------------------------------------------------------------------------------

PREP = {"as_of": dt.date(2013, 12, 31), "started": dt.date(2014, 1, 8), "deadline": dt.date(2014, 1, 24),
        "title": "2013年度甘肃省质量工作考核天水市迎检自评"}
# manual item -> the holders of its evidence (inspection.services keys) and who reports for each
HOLDERS = {"M1": [("department:housing", "zhujian"), ("region:620502", "qinzhou")],
           "M2": [("region:620502", "qinzhou"), ("region:620503", "maiji")],
           "M3": [("department:environment", "huanbao")]}
PREP_SCORES = {"M1": ("14", "市、县两级均成立质量工作领导小组，工作机制健全。"),
               "M2": ("13.5", "品牌培育梯队已建立，宣传活动开展较好。"),
               "M3": ("18", "重点领域质量安全监管有力，全年未发生重大质量安全事故。")}


def load_inspection(out) -> str:
    from qualitybrand.assignments import services as tasks
    from qualitybrand.assignments.models import Assignee
    from qualitybrand.inspection import package, services, services_state
    from qualitybrand.inspection.models import Preparation
    from qualitybrand.planning.models import Scheme

    if Scheme.objects.filter(code="2013-province").exists():
        return "迎检自评：已加载过，跳过"
    city = _user("city")
    with on_day(dt.date(2014, 1, 6)):
        _load_documents("responsibility_province.yaml", city)
    scheme = Scheme.objects.get(code="2013-province")
    with on_day(PREP["started"]):
        prep = services.start_preparation(city, scheme, as_of=PREP["as_of"], deadline=PREP["deadline"],
                                          title=PREP["title"])
        services.draft(city, prep)
        made = services.create_tasks(city, prep, {code: [k for k, _ in holders] for code, holders in HOLDERS.items()})
    who = {key: username for holders in HOLDERS.values() for key, username in holders}
    for task in made:
        for a in Assignee.objects.filter(task=task).select_related("department", "region"):
            key = f"department:{a.department.code}" if a.department_id else f"region:{a.region.code}"
            name = f"{a.label}{task.title.removeprefix('迎检材料：')}"
            with on_day(dt.date(2014, 1, 17)):
                tasks.submit_report(_user(who[key]), a, text=f"{a.label}已整理{task.title}，见附件。",
                                    completion=True, files=[upload(f"{name}.pdf"), upload(f"{name}照片.png")])
            with on_day(dt.date(2014, 1, 20)):
                tasks.review(city, a, "验收通过", "材料齐全，作为迎检印证材料。")
    with on_day(dt.date(2014, 1, 22)):
        for code, (score, explanation) in PREP_SCORES.items():
            services.score_manual(city, prep, code, score, explanation)
    with on_day(dt.date(2014, 1, 23)):
        services_state.finalize(city, Preparation.objects.get(pk=prep.pk))
    with on_day(dt.date(2014, 1, 24)):
        services_state.submit(city, Preparation.objects.get(pk=prep.pk), dt.date(2014, 1, 24))
    prep = Preparation.objects.get(pk=prep.pk)
    files = package.entries(prep)
    package.check_size(files)
    return f"迎检自评：{prep.title}（{len(made)} 项材料任务，印证材料 {len(files)} 个文件）"


# --- the story -------------------------------------------------------------------------------------

PARTS = [
    ("乡镇街道与乡镇目标", load_towns, ()),
    ("乡镇年中督查", open_towns_round, ("qualitybrand.planning.visibility",)),
    ("市直部门考核", load_departments, ("qualitybrand.planning.visibility",)),
    ("交办任务", load_tasks, ("qualitybrand.assignments.services",)),
    ("迎检自评", load_inspection, ("qualitybrand.inspection.services", "qualitybrand.inspection.package",
                                  "qualitybrand.inspection.services_state")),
]


def load_demo_responsibility(out=print) -> list[str]:
    """Run each part; a part whose app is missing is skipped with a message."""
    done = []
    for label, part, needs in PARTS:
        try:
            _need(*needs)
            line = part(out)
        except PartMissing as exc:
            out(f"  （{label}：{exc}，跳过）")
            continue
        out(f"  {line}")
        done.append(label)
    return done
