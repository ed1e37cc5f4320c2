"""The layers of DESIGN.md hold: a lower app never imports a higher one, not even inside a function.

core ← accounts ← ledgers ← registry ← supervision ← (complaints, tracing) ← (recalls, risks) ← credit ←
indicators ← (planning, cultivation, campaigns) ← alerts ← (reports, portal) ← demo. Where a lower layer must
reach up, the higher app registers itself with it (a hook, a provider) in its `AppConfig.ready()`.

The checker reads every .py under src/qualitybrand (migrations skipped) with `ast`, so an import inside a
function counts as much as one at module level; string module paths given to `import_module(...)`,
`include(...)`, `apps.get_model("app", ...)` / `get_model("app.Model")` count too.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "qualitybrand"
SRC = Path(__file__).resolve().parents[2] / "src" / PACKAGE

# The project's order (a higher number may import a lower or equal one).
LAYERS: dict[str, float] = {
    "core": 0,
    "accounts": 1,
    "ledgers": 2,
    "registry": 3,
    "supervision": 4,
    "complaints": 4.5,
    "tracing": 4.5,
    "recalls": 4.7,
    "risks": 4.7,
    "credit": 6,
    "indicators": 7,
    "planning": 8,
    "cultivation": 8,
    "campaigns": 8,
    "assignments": 8.5,  # 交办任务: linked to target and assessment items
    "inspection": 8.7,  # 迎检: the province's scheme, self-evaluation, evidence as assigned tasks
    "alerts": 9,
    "reports": 10,
    "portal": 10,
    "demo": 11,
}
# The project's own modules (settings, urls, the console script) sit above every app.
TOP = 100

# Imports of a higher layer that are knowingly kept, as (file relative to src/qualitybrand, imported app) with
# the reason. Every other violation was removed by registration or by moving code to its app.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    app: str
    target: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.app} (layer {LAYERS[self.app]:g}) imports {self.target}"


def app_of(module: str) -> str | None:
    """The app a dotted module path belongs to: `qualitybrand.registry.models` → registry; else None."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == PACKAGE:
        return parts[1]
    return None


def _str_arg(node: ast.Call, index: int = 0) -> str | None:
    if len(node.args) > index and isinstance(node.args[index], ast.Constant) and isinstance(
            node.args[index].value, str):
        return node.args[index].value
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted module) for every qualitybrand module the tree imports, at any depth."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((node.lineno, alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level or not node.module:
                continue  # relative imports stay inside their own app
            if node.module == PACKAGE:  # from qualitybrand import registry
                for alias in node.names:
                    found.append((node.lineno, f"{PACKAGE}.{alias.name}"))
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in ("import_module", "include", "__import__"):
                target = _str_arg(node)
                if target is None and name == "include" and node.args and isinstance(node.args[0], ast.Tuple):
                    first = node.args[0].elts[0] if node.args[0].elts else None
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        target = first.value
                if target:
                    found.append((node.lineno, target))
            elif name == "get_model":
                label = _str_arg(node)
                if label:
                    app_label = label.split(".")[0] if "." in label else label
                    found.append((node.lineno, f"{PACKAGE}.{app_label}"))
    return [(line, mod) for line, mod in found if app_of(mod) is not None]


def check_tree(root: Path, layers: dict[str, float] = LAYERS) -> list[Violation]:
    """Every import in the package at `root` of an app of a higher layer than the importing file's app."""
    out: list[Violation] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if "migrations" in rel.parts:
            continue
        own = rel.parts[0] if len(rel.parts) > 1 else None
        own_layer = layers.get(own, TOP) if own else TOP
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in imported_modules(tree):
            target_app = app_of(module)
            target_layer = layers.get(target_app)
            if target_layer is None or own is None or own not in layers:
                continue
            if target_layer > own_layer:
                out.append(Violation(rel.as_posix(), line, own, module))
    return out


def test_every_app_has_a_layer():
    apps = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps - set(LAYERS) == set(), "an app without a layer: add it to LAYERS (and to DESIGN.md)"


def test_no_lower_layer_imports_a_higher_one():
    found = [v for v in check_tree(SRC) if (v.path, app_of(v.target)) not in ALLOWED]
    assert not found, "imports of a higher layer:\n" + "\n".join(str(v) for v in found)


def test_allow_list_is_not_stale():
    """Every allowed exception still exists (remove it from ALLOWED once fixed)."""
    present = {(v.path, app_of(v.target)) for v in check_tree(SRC)}
    assert set(ALLOWED) <= present, sorted(set(ALLOWED) - present)


def _plant(root: Path, rel: str, source: str) -> None:
    path = root / PACKAGE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(root / PACKAGE).parents:
        (root / PACKAGE / parent / "__init__.py").touch()
    path.write_text(textwrap.dedent(source), encoding="utf-8")


def test_checker_catches_planted_violations(tmp_path):
    _plant(tmp_path, "core/models.py", "from qualitybrand.core.clock import today\n")  # same app: fine
    _plant(tmp_path, "core/helpers.py", """\
        import os

        def f():
            from qualitybrand.registry.models import Entity
            return Entity
        """)
    _plant(tmp_path, "accounts/views.py", """\
        import qualitybrand.core.models
        import qualitybrand.ledgers.engine as engine
        from qualitybrand import reports
        """)
    _plant(tmp_path, "ledgers/loader.py", """\
        from importlib import import_module
        from django.apps import apps

        def load():
            import_module("qualitybrand.indicators.tasks")
            apps.get_model("supervision", "Inspection")
            apps.get_model("credit.CreditRecord")
            return import_module("qualitybrand.core.models")
        """)
    _plant(tmp_path, "registry/urls.py", """\
        from django.urls import include, path

        urlpatterns = [path("x/", include("qualitybrand.cultivation.urls")),
                       path("y/", include("qualitybrand.core.urls"))]
        """)
    _plant(tmp_path, "core/migrations/0001_initial.py", "from qualitybrand.registry.models import Entity\n")
    _plant(tmp_path, "demo/loader.py", "from qualitybrand.reports import models\n")  # the demo may import all
    _plant(tmp_path, "urls.py", "from qualitybrand.portal import views\n")  # the project's own module

    found = {str(v) for v in check_tree(tmp_path / PACKAGE)}
    assert found == {
        "core/helpers.py:4: core (layer 0) imports qualitybrand.registry.models",
        "accounts/views.py:2: accounts (layer 1) imports qualitybrand.ledgers.engine",
        "accounts/views.py:3: accounts (layer 1) imports qualitybrand.reports",
        "ledgers/loader.py:5: ledgers (layer 2) imports qualitybrand.indicators.tasks",
        "ledgers/loader.py:6: ledgers (layer 2) imports qualitybrand.supervision",
        "ledgers/loader.py:7: ledgers (layer 2) imports qualitybrand.credit",
        "registry/urls.py:3: registry (layer 3) imports qualitybrand.cultivation.urls",
    }


def test_checker_reports_file_and_line(tmp_path):
    _plant(tmp_path, "registry/services.py", "\n\nfrom qualitybrand.supervision.models import Inspection\n")
    (v,) = check_tree(tmp_path / PACKAGE)
    assert (v.path, v.line, v.app, app_of(v.target)) == ("registry/services.py", 3, "registry", "supervision")
