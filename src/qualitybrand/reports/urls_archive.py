"""Routes of the document archive (included by reports/urls.py in the `reports:` namespace)."""

from django.urls import path

from qualitybrand.reports import views_archive as v

urlpatterns = [
    path("", v.archive, name="archive"),
    path("generate/", v.generate, name="generate"),
    path("documents/<int:pk>/", v.document, name="document"),
    path("documents/<int:pk>/status/", v.status, name="document_status"),
    path("documents/<int:pk>/download/", v.download, name="document_download"),
    path("documents/<int:pk>/preview.pdf", v.preview, name="document_pdf"),
    path("documents/<int:pk>/issue/", v.issue, name="document_issue"),
    path("documents/<int:pk>/delete/", v.delete, name="document_delete"),
]
