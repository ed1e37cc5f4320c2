from django.urls import path

from qualitybrand.ledgers import views

app_name = "ledgers"

urlpatterns = [
    path("", views.import_page, name="import"),
    path("history/", views.history, name="history"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/errors.xlsx", views.error_file, name="error_file"),
    path("batches/<int:pk>/file", views.original_file, name="original_file"),
    path("batches/<int:pk>/undo/", views.undo, name="undo"),
    path("template/<str:ledger>/", views.template_file, name="template"),
]
