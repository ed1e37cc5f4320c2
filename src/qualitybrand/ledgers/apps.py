from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "qualitybrand.ledgers"
    label = "ledgers"

    def ready(self):
        from qualitybrand.core import recovery
        from qualitybrand.ledgers import landing
        from qualitybrand.ledgers.recovery import settle_all

        recovery.register(settle_all)
        landing.register()  # its section of the county's 工作清单 (core.landing)
        # core sits below the ledgers: the ledgers register what core's pages and commands use
        from qualitybrand.core import divisions, first_steps, listing
        from qualitybrand.ledgers import regions  # noqa: F401 - registers the regions ledger (core's Region)
        from qualitybrand.ledgers.export import export_queryset
        from qualitybrand.ledgers.first_steps import first_import_step

        listing.register_ledger_export(export_queryset)  # the list pages' “导出台账”
        divisions.register_loader(regions.load_division_rows)  # setup_regions writes through the regions ledger
        first_steps.register(first_import_step, 30)  # 完成第一次台账导入
