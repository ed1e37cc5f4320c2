from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """专项整治 / 联合打假 (supervision.md). Above the indicator engine: a campaign's figures are the
    indicators over its period and scope, never typed twice."""

    name = "qualitybrand.campaigns"
    label = "campaigns"
    verbose_name = "专项整治"
