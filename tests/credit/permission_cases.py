"""Credit pages in the permission walk (tests/test_permissions.py).

The rating pages of credit-rating hold no region-scoped detail URL (a rating is read for a region or
an entity, `/credit/ratings/?region=`), so the walk requests them with every role (no 500, anonymous
refused) and their scoping is tested in tests/credit/test_pages.py and test_credit_api.py. Scheme
pages are not region-scoped (CreditScheme belongs to the city office). Other credit helpers append
their cases below."""

from tests.permission_cases import CASES, CHANGE_CASES  # noqa: F401
