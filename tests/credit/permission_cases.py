"""Permission cases of the credit area (tests/permission_cases.py lists this module)."""

from tests.credit import permission_cases_restrictions  # noqa: F401 - registers its cases
