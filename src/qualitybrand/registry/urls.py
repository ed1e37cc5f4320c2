from qualitybrand.registry.views import PAGES

app_name = "registry"
urlpatterns = [url for page in PAGES for url in page.urls()]
