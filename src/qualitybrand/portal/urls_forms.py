from django.urls import path

from . import views_brands, views_complaint, views_notices, views_objections

urlpatterns = [
    path("brands/", views_brands.brands, name="brands"),
    path("brands/<int:pk>/", views_brands.brand, name="brand"),
    path("notices/", views_notices.notices, name="notices"),
    path("notices/<int:pk>/", views_notices.notice, name="notice"),
    path("notices/receipt/", views_notices.objection_done, name="objection_done"),
    path("complaint/", views_complaint.complaint, name="complaint"),
    path("complaint/receipt/", views_complaint.complaint_done, name="complaint_done"),
    path("complaint/status/", views_complaint.complaint_status, name="complaint_status"),
    path("manage/objections/", views_objections.objections, name="objections"),
    path("manage/objections/<int:pk>/", views_objections.objection, name="objection"),
    path("manage/objections/<int:pk>/handle/", views_objections.objection_handle, name="objection_handle"),
]
