"""The leader's screen (reports: namespace, included by reports/urls.py)."""

from django.urls import path

from qualitybrand.reports import views_screen

urlpatterns = [
    path("screen/", views_screen.screen, name="screen"),
    path("screen/state/", views_screen.screen_state, name="screen_state"),
    path("screen/figures/<str:code>/", views_screen.screen_figures, name="screen_figures"),
]
