from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "qualitybrand.supervision"
    label = "supervision"

    def ready(self) -> None:
        from qualitybrand.core.seeding import reseed_after_flush

        # the follow-up deadlines and the key products catalogue (both data the office edits)
        reseed_after_flush(self, "FollowUpSetting", "0007_followup_dispose_deadline", "create",
                           also_fills=("KeyProductCategory",))
        from qualitybrand.core import inbox
        from qualitybrand.supervision.inbox import items

        inbox.register(items)  # credit repair decisions waiting for the city office
        from qualitybrand.supervision import landing

        landing.register()  # the enterprise's blacklist entries, the county's pending repairs
        from qualitybrand.supervision import landing_followup

        landing_followup.register()  # follow-ups on 工作清单, 本企业, 待办 and the batch/entity pages
