"""Where the credit file is reached from: a “信用档案” button on the entity's detail page (registry,
through `RecordPage.add_links`) and a section of the enterprise's 本企业 page (core.landing)."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

GRADE_TONES = {"A": "green", "B": "blue", "C": "orange", "D": "red"}


def file_url(entity) -> str:
    return reverse("credit:file", args=[entity.uscc])


def entity_links(entity, user):
    """The detail page already checked that the user sees the entity: the file has the same scope."""
    return [("信用档案", file_url(entity))]


def company_credit(user):
    """本企业: the enterprise's own grade and score today, and the way to its file."""
    from qualitybrand.credit.rating import rating_for

    if getattr(user, "role", "") != Role.ENTERPRISE or not getattr(user, "entity_id", None):
        return None
    entity = user.entity
    today = clock.today()
    rating = rating_for(entity, today)
    url = file_url(entity)
    return Section(
        "信用档案", ["信用等级", "信用评分", "失信名单", "评价日期", "操作"],
        [[Cell(rating.grade, tone=GRADE_TONES.get(rating.grade, "blue")), Cell(f"{rating.score} 分", num=True),
          Cell("在列", tone="red") if rating.listed else Cell("未列入"),
          Cell(f"{today.year}年{today.month}月{today.day}日"), Cell("查看信用档案", url)]],
        more_url=url, more_label="查看信用档案（时间线、评价依据、可打印和下载信用报告）",
        note="信用评价按市场监管部门的台账计算；对记录有异议的，请联系所在县区市场监管局。")


def register() -> None:
    from qualitybrand.registry.views import ENTITIES

    ENTITIES.add_links(entity_links)
    landing.register("company", company_credit, order=5)
