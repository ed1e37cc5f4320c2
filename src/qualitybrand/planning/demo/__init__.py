"""Demo part of planning (demo.md "2014"): the 2013 and 2014 target sets, the finalised 2013
assessment with its notice and rectification tasks (one overdue), and an open 2014 mid-year round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction

HERE = Path(__file__).resolve().parent

# Reviewers' scores of the manual items (A6 质量工作机制建设 15, A7 品牌培育与宣传 15).
MANUAL_2013 = {
    "620502": {"A6": "14", "A7": "13.5"}, "620503": {"A6": "13.5", "A7": "14"}, "620521": {"A6": "11", "A7": "9"},
    "620522": {"A6": "13", "A7": "12.5"}, "620523": {"A6": "12", "A7": "11"}, "620524": {"A6": "10.5", "A7": "9.5"},
    "620525": {"A6": "9", "A7": "8"},
}
SELF_2013 = {code: {item: str(Decimal(v) + Decimal("0.5")) for item, v in items.items()}
             for code, items in MANUAL_2013.items()}


def load_demo_planning(out=print) -> dict:
    """Load the planning demo (idempotent: what exists is left as it is)."""
    from qualitybrand.planning.loading import load_text

    for name in ("targets.yaml", "schemes.yaml"):
        result = load_text((HERE / name).read_text(encoding="utf-8"))
        if not result.ok:
            raise RuntimeError("演示目标与考核数据有误：" + "；".join(result.errors))
    with transaction.atomic():
        summary = _round_2013()
        summary.update(_round_2014())
    return summary


def _round_2013() -> dict:
    from qualitybrand.core.models import Region
    from qualitybrand.core.services import update_record
    from qualitybrand.planning import services
    from qualitybrand.planning.models import RectificationTask, Round, Scheme

    scheme = Scheme.objects.get(code="2013-quality")
    rnd = Round.objects.filter(scheme=scheme, kind=Round.Kind.END).first()
    if rnd is not None:
        return {"2013-quality": rnd.state}
    regions = {r.code: r for r in Region.objects.filter(code__in=scheme.assessed_codes)}
    rnd = services.create_round(None, scheme, Round.Kind.END, deadline=dt.date(2014, 1, 20), rectify_share="0.3")
    for code, items in SELF_2013.items():
        if code not in regions:
            continue
        for item, score in items.items():
            files = [_evidence_pdf(f"{regions[code].name}{item}佐证材料.pdf")] if item == "A6" else []
            services.submit_self_evaluation(None, rnd, regions[code], item, score,
                                            "已按考核细则整理自评和印证材料。", files)
    for code, items in MANUAL_2013.items():
        if code not in regions:
            continue
        for item, score in items.items():
            services.score_manual(None, rnd, regions[code], item, score, "材料齐全，工作扎实。" if
                                  Decimal(score) >= 12 else "机制不够健全，佐证材料不充分。")
    rnd = services.finalise_round(None, rnd, when=dt.datetime(2014, 2, 18, 9, 30, tzinfo=dt.timezone(
        dt.timedelta(hours=8))))
    services.publish_notice(None, rnd, title="关于2013年度质量强市工作考核结果的通报",
                            doc_number="天质强办发〔2014〕5号", published_at=dt.date(2014, 2, 20))
    tasks = services.create_rectification_tasks(None, rnd, deadline=dt.date(2014, 9, 30))
    if tasks:
        # one task overdue (deadline before the demo "today" 2014-07-10), one already closed
        overdue = max(tasks, key=lambda t: t.lost)
        update_record(None, overdue, {"deadline": dt.date(2014, 6, 30)}, check=False, reason="演示：整改期限")
        done = next((t for t in tasks if t.pk != overdue.pk), None)
        if done is not None:
            services.submit_rectification(None, done, "已对照失分项制定整改方案，完善工作台账，整改到位。")
            services.review_rectification(None, done, True, "整改到位，同意销号。")
    return {"2013-quality": Round.State.PUBLISHED, "tasks": RectificationTask.objects.filter(round=rnd).count()}


def _evidence_pdf(name: str):
    """A one-page PDF standing in for a county's scanned evidence."""
    from django.core.files.base import ContentFile

    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return ContentFile(body, name=name)


def _round_2014() -> dict:
    from qualitybrand.planning import services
    from qualitybrand.planning.models import Round, Scheme

    scheme = Scheme.objects.get(code="2014-quality")
    if not Round.objects.filter(scheme=scheme, kind=Round.Kind.MID).exists():
        services.create_round(None, scheme, Round.Kind.MID, deadline=dt.date(2014, 7, 20))
    return {"2014-quality": "年中督查"}
