"""Where the corpus and the index live (defaults, overridable by environment variables); the export cap."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX_DIR = "index"
EXPORT_LIMIT = 100_000  # rows of an export at most (`/export.csv`, `search --all`); a cut file says so at its end


def index_dir() -> Path:
    """`SEARCHAPP_INDEX_DIR`, else `index/`."""
    return Path(os.environ.get("SEARCHAPP_INDEX_DIR") or DEFAULT_INDEX_DIR)


def corpus_paths() -> list[str]:
    """`SEARCHAPP_CORPUS` (several paths separated by the OS path separator), else `corpus/`."""
    value = os.environ.get("SEARCHAPP_CORPUS") or DEFAULT_CORPUS
    return [path for path in value.split(os.pathsep) if path]
