"""The parts of the supervision story written through the apps' services (see supervision_story.py)."""

from __future__ import annotations

from qualitybrand.demo.supervision_story import PartMissing


def complaint_steps(data):
    raise PartMissing("平台尚未提供投诉举报办理服务")


def followups(data):
    raise PartMissing("平台尚未提供抽查后处理服务")


def recall(data):
    raise PartMissing("平台尚未提供召回服务")


def risks(data):
    raise PartMissing("平台尚未提供风险信息服务")


def campaign(data):
    raise PartMissing("平台尚未提供专项整治服务")
