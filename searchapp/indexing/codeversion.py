"""The version of the code that decides what gets indexed, stored in each generation's manifest.

`index update` copies an article from the live generation instead of analysing
it again only when that generation was built by the same version: the same
extraction (`ingest`), French analysis (`analysis`), segment writer (`codec`),
the keys each segment saves (`indexing.keys`), schema and facets. The web,
search and benchmark code are left out, so that changing them does not make
the next update re-analyse every article.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
INDEXED_CODE = ("ingest", "analysis", "codec", "indexing/keys.py", "schema.py", "facets.py")  # in `PACKAGE`


def code_version(package: Path = PACKAGE) -> str:
    """A hash of the code and data files of `INDEXED_CODE` in `package`."""
    digest = hashlib.sha256()
    for name in INDEXED_CODE:
        root = package / name
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            parts = path.relative_to(package).parts
            if path.is_file() and "__pycache__" not in parts:
                digest.update("/".join(parts).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()
