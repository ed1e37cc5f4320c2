from django.urls import path

from qualitybrand.credit import views

app_name = "credit"
urlpatterns = [
    path("ratings/", views.ratings, name="ratings"),
    path("schemes/", views.schemes, name="schemes"),
    path("schemes/new/", views.scheme_editor, name="scheme_new"),
    path("schemes/preview/", views.scheme_preview, name="scheme_preview"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_editor, name="scheme_edit"),
    path("schemes/<int:pk>/activate/", views.scheme_activate, name="scheme_activate"),
    path("schemes/<int:pk>.yaml", views.scheme_export, name="scheme_export"),
]
