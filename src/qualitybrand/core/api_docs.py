"""The API docs (`/api/docs/`): drf-spectacular's split Swagger view (the start-up script is a URL of
its own, `?script`, so the page runs under `script-src 'self'` with no inline script) with Swagger
UI's files from the npm lockfile (`static/vendor/swagger-ui/`, built by `scripts/build_assets.sh`).

The files are named through `static()`, not by gluing `SWAGGER_UI_DIST` and a file name together: a
trailing slash in the setting gave `swagger-ui//swagger-ui-bundle.js` (404, a blank page), and the
glued path ignored `STATIC_URL` and the hashed names of the manifest storage."""

from django.templatetags.static import static
from drf_spectacular.views import SpectacularSwaggerSplitView

ASSETS = "vendor/swagger-ui/"


class SwaggerDocsView(SpectacularSwaggerSplitView):
    template_name = "core/swagger_ui.html"

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(ASSETS + filename)

    @staticmethod
    def _swagger_ui_favicon():
        return static(ASSETS + "favicon-32x32.png")
