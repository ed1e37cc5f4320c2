from django.urls import path

from qualitybrand.complaints import views as v
from qualitybrand.complaints import views_rules as r

app_name = "complaints"
urlpatterns = [
    path("", v.complaint_list, name="list"),
    path("new/", v.complaint_new, name="new"),
    path("respondents/", v.respondent_search, name="respondents"),
    path("rules/", r.rule_list, name="rules"),
    path("rules/new/", r.rule_new, name="rule-new"),
    path("rules/<int:pk>/edit/", r.rule_edit, name="rule-edit"),
    path("<int:pk>/", v.complaint_detail, name="detail"),
    path("<int:pk>/act/", v.complaint_act, name="act"),
]
