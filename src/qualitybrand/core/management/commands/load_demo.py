"""`qualitybrand load_demo` lives in the demo app (demo/management/commands/load_demo.py).

Until `qualitybrand.demo` is in INSTALLED_APPS (settings.py, a shared file) this command re-exports it so the
command name keeps working; once it is, delete this file and its entry in tests/core/test_layers.py's ALLOWED.
"""

from qualitybrand.demo.management.commands.load_demo import Command  # noqa: F401
