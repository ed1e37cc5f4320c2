from django.urls import path

from . import views, views_actions

app_name = "recalls"
urlpatterns = [
    path("", views.recall_list, name="list"),
    path("new/", views.recall_new, name="new"),
    path("<str:pk>/", views.recall_detail, name="detail"),
    path("<str:pk>/step/", views_actions.recall_step, name="step"),
    path("<str:pk>/recompute/", views_actions.recall_recompute, name="recompute"),
    path("<str:pk>/holders/notify/", views_actions.holder_notify, name="notify"),
    path("<str:pk>/holders/dispose/", views_actions.holder_dispose, name="dispose"),
    path("<str:pk>/holders/export/", views_actions.holders_export, name="holders-export"),
    path("<str:pk>/notice.docx", views_actions.notice_docx, name="notice"),
]
