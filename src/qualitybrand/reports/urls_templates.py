"""文书模板 (/reports/templates/): the offices' own .docx templates. Included by reports/urls.py."""

from django.urls import path

from qualitybrand.reports import views_templates as v

urlpatterns = [
    path("templates/", v.template_list, name="templates"),
    path("templates/upload/", v.template_upload, name="template-upload"),
    path("templates/sample/<str:kind>/", v.template_sample, name="template-sample"),
    path("templates/<int:pk>/", v.template_preview, name="template-preview"),
    path("templates/<int:pk>/preview.<str:fmt>", v.template_preview_file, name="template-preview-file"),
    path("templates/<int:pk>/download/", v.template_download, name="template-download"),
    path("templates/<int:pk>/activate/", v.template_activate, name="template-activate"),
    path("templates/<int:pk>/deactivate/", v.template_deactivate, name="template-deactivate"),
    path("templates/<int:pk>/delete/", v.template_delete, name="template-delete"),
]
