from django.urls import path

from qualitybrand.supervision import views_repair as r
from qualitybrand.supervision.views import PAGES

app_name = "supervision"
urlpatterns = [
    # before the record pages: `blacklist/<key>/` would take "public" as a key
    path("blacklist/public/", r.public_preview, name="blacklist-public"),
    path("blacklist/<str:key>/documents/", r.document_upload, name="blacklist-document-upload"),
    path("blacklist/<str:key>/documents/<int:doc>/", r.document_download, name="blacklist-document"),
    path("repairs/", r.repair_list, name="repair-list"),
    path("repairs/settings/", r.repair_settings, name="repair-settings"),
    path("repairs/new/<str:entry>/", r.repair_new, name="repair-new"),
    path("repairs/<str:pk>/", r.repair_detail, name="repair-detail"),
    path("repairs/<str:pk>/materials/<int:mid>/", r.repair_material, name="repair-material"),
    *[url for page in PAGES for url in page.urls()],
]
