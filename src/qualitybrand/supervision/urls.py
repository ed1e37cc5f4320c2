from django.urls import path

from qualitybrand.supervision import views_followup as fu
from qualitybrand.supervision import views_keyproducts as kp
from qualitybrand.supervision import views_repair as r
from qualitybrand.supervision.views import PAGES

app_name = "supervision"
urlpatterns = [
    # before the record pages: `blacklist/<key>/` would take "public" as a key
    path("blacklist/public/", r.public_preview, name="blacklist-public"),
    path("blacklist/<str:key>/documents/", r.document_upload, name="blacklist-document-upload"),
    path("blacklist/<str:key>/documents/<int:doc>/", r.document_download, name="blacklist-document"),
    path("followups/", fu.followup_list, name="followup-list"),
    path("followups/settings/", fu.followup_settings, name="followup-settings"),
    path("followups/notices/", fu.bulk_notices, name="followup-bulk-notices"),
    path("followups/notices.zip", fu.notices_zip, name="followup-notices-zip"),
    path("followups/<str:pk>/", fu.followup_detail, name="followup-detail"),
    path("followups/<str:pk>/documents/<int:doc>/", fu.followup_document, name="followup-document"),
    path("key-products/", kp.catalogue, name="key-products"),
    path("key-products/pass-rates/", kp.pass_rates, name="key-product-rates"),
    path("repairs/", r.repair_list, name="repair-list"),
    path("repairs/settings/", r.repair_settings, name="repair-settings"),
    path("repairs/new/<str:entry>/", r.repair_new, name="repair-new"),
    path("repairs/<str:pk>/", r.repair_detail, name="repair-detail"),
    path("repairs/<str:pk>/materials/<int:mid>/", r.repair_material, name="repair-material"),
    *[url for page in PAGES for url in page.urls()],
]
