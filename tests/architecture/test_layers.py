"""The layout rules of docs/architecture.md, checked on the code itself.

The layer order is read from the import-linter contract in pyproject.toml (its one definition); these tests
cover what import-linter cannot see: URL names in templates, reverse ORM accessors, module and view sizes,
and template tags that query. One test also proves that import-linter does fail on an uphill import.
"""
import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONTRACT = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LAYERS = [[name.strip() for name in re.split(r"[|:]", layer)] for layer in CONTRACT["contracts"][0]["layers"]]
APPS = CONTRACT["root_packages"]
MAX_MODULE_LINES = 500
MAX_VIEW_LINES = 30


def layer_of(app: str) -> int:
    """0 for the top layer (config), growing downhill."""
    return next(index for index, layer in enumerate(LAYERS) if app in layer)


def may_use(user: str, owner: str) -> bool:
    """Code of ``user`` may name things of ``owner``: its own app or a lower layer."""
    return user == owner or layer_of(owner) > layer_of(user)


def python_modules(*, migrations: bool = False) -> list[Path]:
    return [path for app in APPS for path in (ROOT / app).rglob("*.py")
            if migrations or "migrations" not in path.parts]


def test_every_app_has_a_layer_and_the_apps_are_installed():
    assert {app for layer in LAYERS for app in layer} == set(APPS)
    installed = {config.name for config in apps.get_app_configs()}
    assert set(APPS) - {"config", "plumbing"} <= installed


def test_lint_imports_fails_on_a_deliberate_uphill_import(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint_imports = Path(sys.executable).with_name("lint-imports")
    kept = subprocess.run([lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True)
    assert kept.returncode == 0, kept.stdout
    with (tmp_path / "regions" / "models.py").open("a") as models:
        models.write("\nfrom reporting.models import Submission  # noqa: E402,F401  (uphill on purpose)\n")
    broken = subprocess.run([lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "regions.models -> reporting.models" in broken.stdout


URL_NAME = re.compile(r"""\{%\s*url\s+['"](\w+):""")


def template_app(path: Path) -> str | None:
    """The app a template belongs to: templates/<app>/…, admin/<app>/… (the project's base templates: None)."""
    parts = path.relative_to(ROOT / "templates").parts
    if parts[0] == "admin" and len(parts) > 2:
        parts = parts[1:]
    folder = {"dashboard": "reporting", "account": "accounts"}.get(parts[0], parts[0])
    return folder if folder in APPS else None


def url_namespace_owners() -> dict[str, str]:
    """URL namespace → the app whose urls.py declares it."""
    owners = {}
    for app in APPS:
        for module in (ROOT / app).glob("*urls.py"):
            match = re.search(r'^app_name = "(\w+)"', module.read_text(), re.M)
            if match:
                owners[match.group(1)] = app
    return owners


def test_templates_name_urls_of_their_own_app_or_below_only():
    owners = url_namespace_owners()
    uphill = []
    for template in (ROOT / "templates").rglob("*.html"):
        app = template_app(template)
        if app is None:
            continue
        for namespace in URL_NAME.findall(template.read_text()):
            owner = owners.get(namespace)
            if owner and not may_use(app, owner):
                uphill.append(f"{template.relative_to(ROOT)} names {namespace}: ({owner})")
    assert not uphill


def test_no_app_reaches_uphill_through_a_reverse_orm_accessor():
    """``region.submissions`` in ``regions`` would couple the tree to reporting without an import."""
    accessors: dict[str, set[str]] = {}  # lower app → related names that models of higher apps give it
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.many_to_one and field.concrete) or field.remote_field.related_name in (None, "+"):
                continue
            high, low = model._meta.app_label, field.related_model._meta.app_label
            if high in APPS and low in APPS and high != low:
                accessors.setdefault(low, set()).add(field.remote_field.related_name)
    uphill = []
    for low, names in accessors.items():
        pattern = re.compile(r"""\.(%s)\b(?!\()|["'](%s)(__\w+)?["']""" % ("|".join(names), "|".join(names)))
        for path in [*python_modules(), *(ROOT / "templates" / low).rglob("*.html")]:
            if path.suffix == ".py" and path.relative_to(ROOT).parts[0] != low:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if pattern.search(line):
                    uphill.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not uphill


def test_no_python_module_is_over_500_lines():
    long = {str(path.relative_to(ROOT)): lines for path in python_modules()
            if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long


def view_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "request":
            yield node


def test_every_view_is_at_most_30_lines():
    long = []
    for path in python_modules():
        if not (path.name.endswith("views.py") or path.name == "api.py"):
            continue
        for view in view_functions(ast.parse(path.read_text())):
            body = view.end_lineno - view.body[0].lineno + 1
            if body > MAX_VIEW_LINES:
                long.append(f"{path.relative_to(ROOT)}:{view.name} ({body} lines)")
    assert not long


def test_no_template_tag_runs_a_query():
    """Template tags format what the view gave them; a query there hides a per-row query in a loop."""
    querying = []
    for path in ROOT.glob("*/templatetags/*.py"):
        source = path.read_text()
        if re.search(r"\.objects\b|from \S*(models|selectors) import|\.all\(\)|\.filter\(", source):
            querying.append(str(path.relative_to(ROOT)))
    assert not querying


@pytest.mark.parametrize("app", [app for app in APPS if app not in ("config", "plumbing")])
def test_tests_mirror_the_code(app):
    assert (ROOT / "tests" / app / "__init__.py").exists()
