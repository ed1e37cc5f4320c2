from django.urls import path

from qualitybrand.credit import views_restrictions

app_name = "credit"
urlpatterns = [
    path("restrictions/", views_restrictions.rule_list, name="restrictions"),
    path("restrictions/new/", views_restrictions.rule_form, name="restriction_new"),
    path("restrictions/<int:pk>/edit/", views_restrictions.rule_form, name="restriction_edit"),
]
