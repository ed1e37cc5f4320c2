from importlib import import_module

from django.urls import include, path

app_name = "assignments"
urlpatterns: list = []

# Each part keeps its routes in its own module (urls_<part>.py), in this namespace.
for _part in ["tasks", "ranking"]:
    try:
        import_module(f"qualitybrand.assignments.urls_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"qualitybrand.assignments.urls_{_part}":
            raise
        continue
    urlpatterns.append(path("", include(f"qualitybrand.assignments.urls_{_part}")))
