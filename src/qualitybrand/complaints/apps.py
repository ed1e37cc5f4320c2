from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """投诉举报 (supervision.md): the complaints ledger, its workflow and statutory deadlines."""

    name = "qualitybrand.complaints"
    label = "complaints"
    verbose_name = "投诉举报"
