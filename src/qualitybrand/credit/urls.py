from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("file/<str:uscc>/", views.credit_file, name="file"),
    path("file/<str:uscc>/report.docx", views.credit_report, name="file-report"),
]
