from django.urls import path

from qualitybrand.campaigns import views
from qualitybrand.campaigns import views_tasks as t

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("tasks/<str:pk>/", t.task_detail, name="task"),
    path("tasks/<str:pk>/progress/<int:pid>/", t.progress_file, name="progress-file"),
    path("<str:pk>/", views.campaign_detail, name="detail"),
    path("<str:pk>/edit/", views.campaign_edit, name="edit"),
    path("<str:pk>/action/", views.campaign_action, name="action"),
    path("<str:pk>/conclusions/", views.campaign_conclusions, name="conclusions"),
    path("<str:pk>/summary.docx", views.campaign_summary, name="summary"),
    path("<str:pk>/tasks/", t.task_add, name="task-add"),
    path("<str:pk>/reports/<str:county>/", t.report_save, name="report"),
    path("<str:pk>/records/", t.figure_records, name="records"),
]
