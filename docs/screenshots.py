"""Take the README's screenshots of the results page: `.venv/bin/python docs/screenshots.py`.

Indexes the generated corpus of the browser tests, serves it, and saves
`search-desktop.png` (1280 px wide) and `search-phone.png` (390 px) here.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from livesite import CHROMIUM, CHROMIUM_ARGS, browse_rows, serve, write_rows  # noqa: E402

from searchapp import indexing  # noqa: E402
from searchapp.web.app import create_app  # noqa: E402

STATE = "/?q=ingerence&speaker=Sergue%C3%AF+Lavrov&speaker=Mike+Pompeo&year_from=2016&year_to=2021"
SHOTS = {"search-desktop.png": (1280, 1180), "search-phone.png": (390, 844)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_rows(browse_rows(), Path(tmp) / "browse.jsonl")
        indexing.rebuild([corpus], Path(tmp) / "index")
        app = create_app({"INDEX_DIR": str(Path(tmp) / "index")})
        with serve(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, (width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + STATE)
                page.screenshot(path=str(HERE / name))
                print(HERE / name)
            browser.close()


if __name__ == "__main__":
    main()
