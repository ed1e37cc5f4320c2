from django.urls import path

from qualitybrand.assignments import views_tasks as v

# Integer ids only, so the ranking part's paths (urls_ranking.py) never meet a task route.
urlpatterns = [
    path("", v.task_list, name="list"),
    path("new/", v.task_new, name="new"),
    path("mine/", v.my_tasks, name="mine"),
    path("<int:pk>/", v.task_detail, name="task"),
    path("<int:pk>/cancel/", v.task_cancel, name="cancel"),
    path("<int:pk>/files/<int:fid>/", v.attachment_file, name="file"),
    path("<int:pk>/assignees/<int:aid>/report/", v.assignee_report, name="report"),
    path("<int:pk>/assignees/<int:aid>/review/", v.assignee_review, name="review"),
]
