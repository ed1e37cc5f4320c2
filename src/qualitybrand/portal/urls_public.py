"""The public portal's pages (anonymous, GET only): home, 抽查结果公告, 严重违法失信名单, 政策文件, 工作动态."""

from django.urls import path

from qualitybrand.portal import views_public as v

urlpatterns = [
    path("", v.home, name="home"),
    path("inspections/", v.inspections, name="inspections"),
    path("inspections/<int:pk>/", v.inspection_detail, name="inspection"),
    path("blacklist/", v.blacklist, name="blacklist"),
    path("policies/", v.policies, name="policies"),
    path("news/", v.news, name="news"),
    path("pages/<int:pk>/", v.page_detail, name="page"),
    path("attachments/<int:pk>/", v.attachment, name="attachment"),
]
