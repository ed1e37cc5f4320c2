from django.urls import path

from qualitybrand.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
