from importlib import import_module

from django.urls import include, path

from qualitybrand.reports import views_complaints, views_dashboard

app_name = "reports"
urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/shortfalls/", views_dashboard.shortfalls_panel, name="shortfalls"),
    path("complaints/", views_complaints.complaint_stats, name="complaint_stats"),
    path("complaints/records/", views_complaints.complaint_records, name="complaint_records"),
]

# The parts of the top floor each keep their routes in their own module (urls_<part>.py), in this namespace.
for _part in ["archive", "templates", "screen"]:
    try:
        import_module(f"qualitybrand.reports.urls_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"qualitybrand.reports.urls_{_part}":
            raise
        continue
    urlpatterns.append(path("", include(f"qualitybrand.reports.urls_{_part}")))
