"""Factories of the 交办任务 tests: towns below 秦州区 and 麦积区, department users, a task."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.core import clock
from qualitybrand.core.models import Department, Region
from tests.factories import UserFactory, region_tree

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def towns() -> dict[str, Region]:
    """Two towns of 秦州区 (620502) and one of 麦积区 (620503), once per test DB."""
    from qualitybrand.core.services import save_region

    regions = region_tree()
    out = {}
    for code, name, parent in (("620502001", "大城街道", "620502"), ("620502100", "玉泉镇", "620502"),
                               ("620503100", "社棠镇", "620503")):
        out[code] = Region.objects.filter(code=code).first() or save_region(
            None, code=code, name=name, kind="乡镇街道", parent=regions[parent])
    return out


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def department_user(name: str = "住建", region_code: str = "620500", **kw):
    return UserFactory(role="department", region=region_tree()[region_code], department=department(name), **kw)


def pdf(name: str = "证明.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def later(days: int = 30) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


def make_task(user, region=None, assignees=None, **kw):
    from qualitybrand.assignments.services import create_task

    regions = region_tree()
    values = {"title": "开展建筑工程质量检查", "content": "对在建工程开展质量检查并报送结果。",
              "standard": "检查覆盖全部在建项目，形成检查报告。", "deadline": later()}
    values.update(kw)
    return create_task(user, region=region or regions["620500"],
                       assignees=assignees or [("department", department("住建")), ("region", regions["620502"])],
                       **values)
