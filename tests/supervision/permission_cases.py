"""Supervision resources are declared with the registry ones (tests/registry/permission_cases.py)."""

import tests.registry.permission_cases  # noqa: F401
