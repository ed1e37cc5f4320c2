from django.urls import path

from . import views, views_measures

app_name = "risks"

urlpatterns = [
    path("", views.risk_list, name="list"),
    path("new/", views.risk_new, name="new"),
    path("<str:pk>/", views.risk_detail, name="detail"),
    path("<str:pk>/edit/", views.risk_edit, name="edit"),
    path("<str:pk>/act/", views.risk_act, name="act"),
    path("<str:pk>/level/", views.risk_level, name="level"),
    path("<str:pk>/measures/new/", views_measures.measure_new, name="measure-new"),
    path("<str:pk>/documents/upload/", views_measures.document_upload, name="document-upload"),
    path("<str:pk>/documents/<int:doc>/", views_measures.document_download, name="document"),
]
