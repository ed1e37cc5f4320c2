from django.urls import path

from qualitybrand.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("catalog/", views.catalog_page, name="catalog"),
    path("values/", views.values_page, name="values"),
    path("values/<int:pk>/review/", views.review_value, name="review"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("define/", views.define_indicators, name="define"),
]
