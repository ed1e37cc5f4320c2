from django.contrib.auth.decorators import login_required
from django.urls import path

from qualitybrand.core.listing import list_view
from qualitybrand.tracing import views

app_name = "tracing"
urlpatterns = [
    path("", login_required(lambda r: list_view(r, views.EVENTS)), name="index"),
    path("unit/", views.unit_search, name="search"),
    path("unit/<str:code>/", views.unit_page, name="unit"),
    *views.EVENTS.urls(),
]
