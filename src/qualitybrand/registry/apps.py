from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "qualitybrand.registry"
    label = "registry"

    def ready(self) -> None:
        from qualitybrand.registry import landing

        landing.register()  # 预警提示 on 本企业 (core.landing)
