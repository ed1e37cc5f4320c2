"""Permission cases of the alerts area (tests/test_permissions.py)."""

import tests.alerts.permission_cases_inbox  # noqa: E402,F401  (the inbox: one warning's 已处理)
