"""交办任务排名 (issue 15 § 2): the office's ranking of its assignees per period, and its .xlsx."""

from django.urls import path

from qualitybrand.assignments import views_ranking

urlpatterns = [
    path("ranking/", views_ranking.ranking_page, name="ranking"),
    path("ranking/<str:code>/", views_ranking.ranking_page, name="ranking_region"),
]
