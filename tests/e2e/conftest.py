"""Browser tests of the shell. The shared fixtures (`browser`, `page`, `shot`) live in tests/conftest.py."""

import pytest


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
