from django.urls import path

from qualitybrand.inspection import views

app_name = "inspection"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.preparation, name="preparation"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/tasks/", views.create_tasks, name="create_tasks"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/report.docx", views.report_docx, name="report"),
    path("<int:pk>/package.zip", views.package_zip, name="package"),
]
