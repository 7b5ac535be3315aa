"""The code version stored with each generation changes with the code that decides what is indexed, only."""

import shutil

import pytest

from searchapp.indexing import codeversion


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    copy = tmp_path_factory.mktemp("package") / "searchapp"
    shutil.copytree(codeversion.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_version_is_the_installed_packages(package):
    assert codeversion.code_version(package) == codeversion.code_version()


@pytest.mark.parametrize(
    "edited, changes",
    [
        ("web/views.py", False),
        ("web/static/style.css", False),
        ("search/highlight.py", False),
        ("bench/engines.py", False),
        ("cli.py", False),
        ("ingest/metadata/data/people.tsv", True),
        ("ingest/metadata/speakers.py", True),
        ("analysis/french.py", True),
        ("codec/segments.py", True),
        ("schema.py", True),
        ("facets.py", True),
    ],
)
def test_only_the_indexed_code_changes_the_version(package, edited, changes):
    before = codeversion.code_version(package)
    path = package / edited
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n# edited\n")
        assert (codeversion.code_version(package) != before) is changes
    finally:
        path.write_bytes(original)
