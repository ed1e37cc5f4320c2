from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qualitybrand.reports"
    label = "reports"
    verbose_name = "报告与看板"

    def ready(self) -> None:
        # The engine renders the dashboard ahead after imports, without knowing the dashboard: it is
        # registered here (the layers: a lower app never imports a higher one).
        from qualitybrand.indicators import cache
        from qualitybrand.indicators.tasks import register_region_section, register_year_section
        from qualitybrand.reports import dashboard

        # looked up at call time, so that a test or a later reload replacing them is honoured
        register_year_section(lambda region, year: cache.is_cached(dashboard.figures_key(region, year)),
                              lambda region, year: dashboard.dashboard_figures(region, year))
        register_region_section(lambda region: dashboard.shortfall_flags(None, region))
