from django.urls import path

from qualitybrand.alerts import views_inbox

app_name = "alerts"
urlpatterns = [
    path("", views_inbox.inbox_page, name="inbox"),
    path("handle/", views_inbox.handle, name="handle"),
    path("handle/<str:rule>/<path:key>", views_inbox.handle_one, name="handle_one"),
    path("digest/", views_inbox.digest_page, name="digest"),
    path("panel/", views_inbox.panel, name="panel"),
]
