from django.urls import path

from qualitybrand.reports import views_complaints, views_dashboard

app_name = "reports"
urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/shortfalls/", views_dashboard.shortfalls_panel, name="shortfalls"),
    path("complaints/", views_complaints.complaint_stats, name="complaint_stats"),
    path("complaints/records/", views_complaints.complaint_records, name="complaint_records"),
]
