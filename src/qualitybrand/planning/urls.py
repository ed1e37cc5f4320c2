from django.urls import path

from qualitybrand.planning import views, views_editor, views_responsibility, views_rounds

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("responsibility/", views_responsibility.responsibility, name="responsibility"),
    path("targets/new/", views_editor.target_edit, name="target_new"),
    path("targets/<str:code>/", views.target_progress, name="target_progress"),
    path("targets/<str:code>/edit/", views_editor.target_edit, name="target_edit"),
    path("targets/<str:code>/export.yaml", views_editor.target_export, name="target_export"),
    path("targets/<str:code>/decomposition.<str:kind>", views.target_document, name="target_document"),
    path("schemes/new/", views_editor.scheme_edit, name="scheme_new"),
    path("schemes/new/yaml/", views.scheme_detail, name="scheme_new_yaml"),
    path("schemes/<str:code>/", views.scheme_detail, name="scheme"),
    path("schemes/<str:code>/edit/", views_editor.scheme_edit, name="scheme_edit"),
    path("schemes/<str:code>/export.yaml", views_editor.scheme_export, name="scheme_export"),
    path("schemes/<str:code>/rounds/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views_rounds.round_detail, name="round"),
    path("rounds/<int:pk>/finalise/", views_rounds.finalise, name="finalise"),
    path("rounds/<int:pk>/notice/", views_rounds.notice, name="notice"),
    path("rounds/<int:pk>/notice.<str:kind>", views_rounds.notice_document, name="notice_document"),
    path("rounds/<int:pk>/tasks/", views_rounds.tasks, name="tasks"),
    path("rounds/<int:pk>/disputes/<int:dispute_id>/", views_rounds.answer_dispute, name="answer_dispute"),
    path("rounds/<int:pk>/<str:region>/", views_rounds.region_page, name="region"),
    path("rounds/<int:pk>/<str:region>/self/", views_rounds.self_evaluate, name="self_evaluate"),
    path("rounds/<int:pk>/<str:region>/dispute/", views_rounds.dispute, name="dispute"),
    path("rounds/<int:pk>/<str:region>/review/", views_rounds.review, name="review"),
    path("evidence/<int:pk>/", views_rounds.evidence_download, name="evidence"),
    path("tasks/<int:pk>/", views_rounds.task_action, name="task_action"),
]
