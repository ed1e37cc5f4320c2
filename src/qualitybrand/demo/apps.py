from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (demo.md): its `load_demo` command. The top layer: it may import every app."""

    name = "qualitybrand.demo"
    label = "demo"
