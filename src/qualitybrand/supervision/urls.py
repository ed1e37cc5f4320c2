from qualitybrand.supervision.views import PAGES

app_name = "supervision"
urlpatterns = [url for page in PAGES for url in page.urls()]
