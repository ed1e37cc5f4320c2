from django.urls import path

from qualitybrand.reports import views_complaints

app_name = "reports"
urlpatterns = [
    path("complaints/", views_complaints.complaint_stats, name="complaint_stats"),
    path("complaints/records/", views_complaints.complaint_records, name="complaint_records"),
]
