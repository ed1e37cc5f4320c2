from django.urls import path

from qualitybrand.cultivation import views, views_rules

app_name = "cultivation"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/<str:kind>.<str:fmt>", views.call_document, name="call_document"),
    path("applications/", views.applications, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/materials/<int:mid>/", views.material, name="material"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.open_notification, name="notification"),
    path("experts/", views.experts, name="experts"),
    path("scoring/", views.scoring, name="scoring"),
    path("scoring/<int:pk>/", views.score, name="score"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("rewards/", views.rewards_page, name="rewards"),
    path("programs/", views_rules.programs, name="program_rules"),
    path("programs/<str:code>/rules/", views_rules.editor, name="program_rules_edit"),
    path("programs/<str:code>/rules.yaml", views_rules.export_yaml, name="program_rules_export"),
]
