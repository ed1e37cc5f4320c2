from tests.registry.conftest import login, page_users  # noqa: F401 - the same page fixtures
