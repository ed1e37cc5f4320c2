from django.urls import path

from qualitybrand.alerts import views_inbox, views_rules

app_name = "alerts"
urlpatterns = [
    path("", views_inbox.inbox_page, name="inbox"),
    path("handle/", views_inbox.handle, name="handle"),
    path("handle/<str:rule>/<path:key>", views_inbox.handle_one, name="handle_one"),
    path("digest/", views_inbox.digest_page, name="digest"),
    path("panel/", views_inbox.panel, name="panel"),
    path("rules/", views_rules.rules, name="rules"),
    path("rules/new/", views_rules.rule_new, name="rule_new"),
    path("rules/<str:code>/edit/", views_rules.rule_edit, name="rule_edit"),
]
