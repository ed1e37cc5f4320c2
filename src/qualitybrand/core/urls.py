from django.urls import path

from qualitybrand.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("select/", views.select, name="select"),
    path("inbox/", views.inbox, name="inbox"),
    path("changelog/", views.change_log, name="change_log"),
]
