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
        from qualitybrand.registry import hooks as registry_hooks
        from qualitybrand.supervision import ledgers  # noqa: F401 - registers inspections, cases, blacklist, ...
        from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection

        # records an entity owns (they move with it) and the parts of its credit file (registry.selectors)
        for model, attname in ((Inspection, "entity_id"), (BlacklistEntry, "entity_id"), (Case, "party_id")):
            registry_hooks.register_owned(model, attname)
        registry_hooks.register_file_part(
            "inspections", lambda user, e: Inspection.objects.for_user(user).filter(entity=e), 60)
        registry_hooks.register_file_part("cases", lambda user, e: Case.objects.for_user(user).filter(party=e), 70)
        registry_hooks.register_file_part(
            "blacklist", lambda user, e: BlacklistEntry.objects.for_user(user).filter(entity=e), 100)
