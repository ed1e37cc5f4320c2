from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "qualitybrand.cultivation"
    label = "cultivation"

    def ready(self) -> None:
        from qualitybrand.core import inbox
        from qualitybrand.cultivation import landing, references
        from qualitybrand.cultivation.inbox import items

        inbox.register(items)
        landing.register()  # its sections of the role pages (core.landing)
        references.register()  # the places that name codes by text (core.references)
        from qualitybrand.cultivation import credit_file

        credit_file.register()  # its sections of the credit file (credit/file.py)
        from qualitybrand.cultivation.views_rules import program_links
        from qualitybrand.registry import hooks as registry_hooks

        registry_hooks.register_program_links(program_links)  # 申报条件 on a program's page
        from qualitybrand.core import changelog_display
        from qualitybrand.cultivation.rules import KIND_LABELS

        changelog_display.VALUE_LABELS.update(KIND_LABELS)  # rule types read as words in the change log
