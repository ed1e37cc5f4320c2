from django.urls import path

from qualitybrand.indicators import views, views_define

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard_moved, name="dashboard_moved"),
    path("catalog/", views.catalog_page, name="catalog"),
    path("values/", views.values_page, name="values"),
    path("values/<int:pk>/review/", views.review_value, name="review"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("define/", views.define_indicators, name="define"),
    path("define/new/", views_define.editor, name="define_new"),
    path("define/preview/", views_define.preview, name="define_preview"),
    path("define/export.yaml", views_define.export_yaml, name="define_export"),
    path("define/<str:code>/edit/", views_define.editor, name="define_edit"),
]
