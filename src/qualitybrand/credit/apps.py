from django.apps import AppConfig


class CreditConfig(AppConfig):
    """信用: the credit file, the rating schemes, joint restrictions (credit.md). It sits beside
    supervision: it reads the registries and supervision, and the higher apps ask it."""

    name = "qualitybrand.credit"
    label = "credit"
    verbose_name = "信用"

    def ready(self) -> None:
        from qualitybrand.core.seeding import reseed_after_flush

        # the built-in scheme (and, on a database without any rule, the default restriction rules)
        reseed_after_flush(self, "CreditScheme", "0002_builtin_scheme_and_default_rules", "create",
                           missing=lambda qs: not qs.filter(code="builtin").exists(),
                           also_fills=("RestrictionRule",))
        from qualitybrand.credit import landing

        landing.register()  # the “信用档案” button of the entity page and the 本企业 section
        from qualitybrand.credit import restrictions

        restrictions.install()  # joint restrictions and the 守信 tag reach the registry through its hooks
        from qualitybrand.credit import file_complaints

        file_complaints.register()  # the 投诉举报 section of the credit file (issue 14)
        from qualitybrand.credit import file_followup

        file_followup.register()  # the 抽查后处理 section of the credit file
