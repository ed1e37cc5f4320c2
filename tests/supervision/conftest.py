import pytest

from tests.api.conftest import client_for  # noqa: F401 - the API fixture
from tests.registry.conftest import login, page_users  # noqa: F401 - the same page fixtures


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded documents and materials go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
