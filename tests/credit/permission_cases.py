"""Credit's cases of the permission walk; each helper's pages in its own module, imported here."""

from tests.credit import permission_cases_file  # noqa: F401 - appends the credit file's cases
