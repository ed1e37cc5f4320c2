"""The office's publishing pages under /portal/manage/ (objections live in the forms module)."""

from django.urls import path

from qualitybrand.portal import views_manage as v

urlpatterns = [
    path("manage/", v.index, name="manage"),
    path("manage/pages/new/", v.page_new, name="manage_page_new"),
    path("manage/pages/<int:pk>/", v.page_edit, name="manage_page"),
    path("manage/pages/<int:pk>/publish/", v.page_publish, name="manage_page_publish"),
    path("manage/pages/<int:pk>/withdraw/", v.page_withdraw, name="manage_page_withdraw"),
    path("manage/pages/<int:pk>/attachments/", v.page_attach, name="manage_page_attach"),
    path("manage/attachments/<int:pk>/delete/", v.attachment_delete, name="manage_attachment_delete"),
    path("manage/inspections/new/", v.publication_new, name="manage_publication_new"),
    path("manage/inspections/<int:pk>/", v.publication_detail, name="manage_publication"),
    path("manage/inspections/<int:pk>/publish/", v.publication_publish, name="manage_publication_publish"),
    path("manage/inspections/<int:pk>/withdraw/", v.publication_withdraw, name="manage_publication_withdraw"),
]
