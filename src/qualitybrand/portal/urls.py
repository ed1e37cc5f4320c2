from importlib import import_module

from django.urls import include, path

app_name = "portal"
urlpatterns: list = []

# The public pages and the office's pages (/portal/manage/…) each keep their routes in their own module.
for _part in ["public", "content", "manage", "forms"]:
    try:
        import_module(f"qualitybrand.portal.urls_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"qualitybrand.portal.urls_{_part}":
            raise
        continue
    urlpatterns.append(path("", include(f"qualitybrand.portal.urls_{_part}")))
