"""The layers: each part of the package imports only what its docstring allows, and only the web imports Flask."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import searchapp

PACKAGE = Path(searchapp.__file__).parent
EVERYTHING = None  # may import any part

# part of searchapp → the parts it may import (besides itself)
ALLOWED: dict[str, set[str] | None] = {
    "ingest": set(),
    "analysis": set(),
    "codec": {"analysis"},
    "indexing": {"ingest", "analysis", "codec", "schema", "facets", "generations"},
    "search": {"analysis", "codec", "schema", "facets", "generations"},
    "web": {"search", "facets", "display", "settings"},
    "bench": EVERYTHING,
    "facets": set(),
    "generations": set(),
    "settings": set(),
    "display": {"ingest"},
    "schema": {"analysis", "codec", "facets", "ingest"},
    "cli": EVERYTHING,
}
FLASK = {"flask", "werkzeug"}


def part_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of everything `path` imports, relative imports resolved."""
    module = ".".join(("searchapp", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            relative = "." * node.level + (node.module or "")
            base = importlib.util.resolve_name(relative, package) if node.level else node.module
            found += [(node.lineno, f"{base}.{alias.name}" if node.module is None else base) for alias in node.names]
    return found


def modules() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path.parent != PACKAGE or path.name != "__init__.py"]


def test_every_part_is_declared():
    assert {part_of(path) for path in modules()} == set(ALLOWED)


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_module_imports_only_what_its_layer_may(path):
    part = part_of(path)
    allowed = ALLOWED[part]
    wrong = []
    for line, name in imported(path):
        top, _, rest = name.partition(".")
        if top in FLASK and part not in ("web", "bench", "cli"):
            wrong.append(f"{line}: {name} (only the web imports Flask)")
        if top == "searchapp" and allowed is not EVERYTHING:
            other = rest.split(".")[0]
            if other not in (part, "", *allowed):
                wrong.append(f"{line}: {name}")
    assert wrong == []


def test_the_check_resolves_relative_imports():
    engine = PACKAGE / "search" / "engine.py"
    names = {name for _, name in imported(engine)}
    assert {"searchapp.facets", "searchapp.search.catalog", "searchapp.search.scoring"} <= names
