"""The assignments area's permission cases: each part declares its own in permission_<part>.py."""

from importlib import import_module

for _part in ["tasks", "ranking"]:
    try:
        import_module(f"tests.assignments.permission_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.assignments.permission_{_part}":
            raise
