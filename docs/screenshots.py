"""Take the README's screenshots: `.venv/bin/python docs/screenshots.py`.

Indexes the generated corpus of the browser tests and serves it, then saves the
results page as `search-desktop.png` (1280 px wide) and `search-phone.png` (390 px)
here; does the same with the generated press corpus of `bench citations` for the
citations page (`citations-desktop.png`, `citations-phone.png`).
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
from searchapp.bench import presscorpus  # noqa: E402
from searchapp.web.app import create_app  # noqa: E402

SEARCH = "/?q=ingerence&speaker=Sergue%C3%AF+Lavrov&speaker=Mike+Pompeo&year_from=2016&year_to=2021"
CITATIONS = "/citations?q=ingerence&country=Russie&year_from=2014"
SIZES = {"desktop": (1280, 1180), "phone": (390, 844)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        browse = write_rows(browse_rows(), Path(tmp) / "browse.jsonl")
        press = Path(tmp) / "press.jsonl"
        presscorpus.write(press, 2000)
        for name, corpus, state in (("search", browse, SEARCH), ("citations", press, CITATIONS)):
            indexing.rebuild([corpus], Path(tmp) / name)
            shoot(create_app({"INDEX_DIR": str(Path(tmp) / name)}), name, state)


def shoot(app, name: str, state: str) -> None:
    with serve(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + state)
            path = HERE / f"{name}-{size}.png"
            page.screenshot(path=str(path))
            print(path)
        browser.close()


if __name__ == "__main__":
    main()
