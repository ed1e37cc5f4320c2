"""The portal area's permission cases: each part of the top floor declares its own in permission_<part>.py."""

from importlib import import_module

for _part in ["docscore", "templates", "screen", "pub", "forms"]:
    try:
        import_module(f"tests.portal.permission_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.portal.permission_{_part}":
            raise
