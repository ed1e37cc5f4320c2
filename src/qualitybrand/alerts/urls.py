from django.urls import path

from qualitybrand.alerts import views_rules

app_name = "alerts"
urlpatterns = [
    path("rules/", views_rules.rules, name="rules"),
    path("rules/new/", views_rules.rule_new, name="rule_new"),
    path("rules/<str:code>/edit/", views_rules.rule_edit, name="rule_edit"),
]
