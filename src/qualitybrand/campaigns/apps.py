from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """专项整治 / 联合打假 (supervision.md). Above the indicator engine: a campaign's figures are the
    indicators over its period and scope, never typed twice."""

    name = "qualitybrand.campaigns"
    label = "campaigns"
    verbose_name = "专项整治"

    def ready(self):
        from qualitybrand.campaigns import worklist
        from qualitybrand.core import inbox, landing

        landing.register("worklist", worklist.worklist_section, order=60)
        inbox.register(worklist.inbox_items)
