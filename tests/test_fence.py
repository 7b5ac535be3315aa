"""The fence: only `searchapp.codec` touches Whoosh's private attributes, and it runs on Whoosh 2.7.4 only.

A private Whoosh attribute is any single-underscore name that Whoosh's own
source defines (a `self._x` it assigns, a `_method`, a module-level `_name`).
Outside the fence, the package may neither import such a name from Whoosh nor
read it off any object but `self` or `cls`.
"""

from __future__ import annotations

import ast
import warnings
from functools import cache
from pathlib import Path

import pytest
import whoosh

import searchapp
from searchapp import codec

PACKAGE = Path(searchapp.__file__).parent
FENCE = PACKAGE / "codec"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def whoosh_private_names() -> frozenset[str]:
    """Every private name Whoosh's source defines."""
    names = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Whoosh's invalid escape sequences
            tree = ast.parse(path.read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return frozenset(filter(_private, names))


def violations(source: str, where: str = "<source>") -> list[str]:
    """The uses of Whoosh's private names in `source` (a module outside the fence)."""
    private = whoosh_private_names()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            found += [f"{where}:{node.lineno}: imports {alias.name}" for alias in node.names if _private(alias.name)]
        elif isinstance(node, ast.Attribute) and node.attr in private:
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner not in ("self", "cls"):
                found.append(f"{where}:{node.lineno}: reads .{node.attr}")
    return found


def outside_the_fence() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if FENCE not in path.parents]


def test_no_private_whoosh_attribute_is_used_outside_the_fence():
    found = [v for path in outside_the_fence() for v in violations(path.read_text("utf-8"), str(path))]
    assert found == []


def test_the_fence_does_use_them():
    """The check knows Whoosh's private names: the fence's own modules would fail it."""
    inside = [v for path in sorted(FENCE.rglob("*.py")) for v in violations(path.read_text("utf-8"), str(path))]
    assert len(inside) > 20


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f(leaf):\n    return leaf._perdoc\n", 1),
        ("from whoosh.codec.whoosh3 import _lenfield\n", 1),
        ("def f(w):\n    w._field_B.get('title')\n    w.writer._added = True\n", 2),
        ("class A:\n    def f(self):\n        return self._perdoc\n", 0),  # its own attribute
        ("import os\nos._exit(1)\n", 0),  # not Whoosh's
        ("from whoosh.codec.whoosh3 import LENGTHS_COLUMN\n", 0),
    ],
)
def test_the_check_tells_private_uses(source, expected):
    assert len(violations(source)) == expected


def test_the_installed_whoosh_is_the_one_the_fence_knows():
    assert tuple(whoosh.__version__) == codec.WHOOSH_VERSION
    codec.require_whoosh()


def test_another_whoosh_is_refused_with_what_to_do():
    with pytest.raises(ImportError, match=r"Whoosh 2\.7\.5 is installed: run `pip install 'whoosh==2\.7\.4'`"):
        codec.require_whoosh((2, 7, 5))
