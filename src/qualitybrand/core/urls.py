from django.urls import path

from qualitybrand.core import views, views_calendar, views_landing

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("select/", views.select, name="select"),
    path("inbox/", views.inbox, name="inbox"),
    path("changelog/", views.change_log, name="change_log"),
    path("core/calendar/", views_calendar.calendar_years, name="calendar"),
    path("core/calendar/<int:year>/", views_calendar.calendar_year, name="calendar-year"),
    path("me/reviews/", views_landing.my_reviews, name="my_reviews"),
    path("me/company/", views_landing.my_company, name="my_company"),
    path("me/worklist/", views_landing.my_worklist, name="my_worklist"),
    path("me/department/", views_landing.my_department, name="my_department"),
]
