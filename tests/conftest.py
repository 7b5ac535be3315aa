"""Shared fixtures: indexes built once per session from the sample corpus, two JSONL corpora and the
generated press corpus of `bench citations`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from livesite import browse_rows, write_rows

from searchapp import generations, indexing
from searchapp.bench import presscorpus
from searchapp.search.catalog import Catalog
from searchapp.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus"
PRESS = Path(__file__).resolve().parent / "data" / "press.jsonl"
RELEVANCE = Path(__file__).resolve().parent / "data" / "relevance.jsonl"
QUOTED_ARTICLES = 300  # of the generated press corpus: some 2,700 quotations


@pytest.fixture(scope="session")
def samples_index(tmp_path_factory) -> Path:
    """An index of the five bundled sample articles."""
    index_dir = tmp_path_factory.mktemp("samples-index")
    indexing.rebuild([SAMPLES], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def press_index(tmp_path_factory) -> Path:
    """An index of tests/data/press.jsonl (explicit metadata, designed for facet tests)."""
    index_dir = tmp_path_factory.mktemp("press-index")
    indexing.rebuild([PRESS], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def press_quotes(tmp_path_factory) -> tuple[list[dict], Path]:
    """The records of a generated press corpus rich in quotations, and its index."""
    folder = tmp_path_factory.mktemp("press-quotes")
    presscorpus.write(folder / "press.jsonl", QUOTED_ARTICLES)
    indexing.rebuild([folder / "press.jsonl"], folder / "index")
    return list(presscorpus.articles(QUOTED_ARTICLES)), folder / "index"


def opened(index_dir: Path):
    """The catalog of `index_dir`'s live generation, closed after the session."""
    catalog = Catalog(generations.current(index_dir))
    yield catalog
    catalog.close()


@pytest.fixture(scope="session")
def press_catalog(press_index) -> Catalog:
    yield from opened(press_index)


@pytest.fixture(scope="session")
def browse_index(tmp_path_factory) -> Path:
    """An index of `livesite.browse_rows()`: many speakers, years 2015–2022 and undated articles."""
    folder = tmp_path_factory.mktemp("browse")
    indexing.rebuild([write_rows(browse_rows(), folder / "browse.jsonl")], folder / "index")
    return folder / "index"


@pytest.fixture(scope="session")
def browse_catalog(browse_index) -> Catalog:
    yield from opened(browse_index)


@pytest.fixture(scope="session")
def relevance_catalog(tmp_path_factory) -> Catalog:
    """An index of tests/data/relevance.jsonl (accents, compounds, elisions, questions)."""
    index_dir = tmp_path_factory.mktemp("relevance-index")
    indexing.rebuild([RELEVANCE], index_dir)
    yield from opened(index_dir)


@pytest.fixture()
def app(press_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(press_index)})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def samples_client(samples_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(samples_index)}).test_client()


@pytest.fixture()
def browse_client(browse_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(browse_index)}).test_client()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def eventually(condition, seconds: float = 5.0) -> float:
    """Seconds until `condition()` held (a new generation is opened in the background); fails after `seconds`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "not within the time allowed"
        time.sleep(0.02)
    return time.monotonic() - started
