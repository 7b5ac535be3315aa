"""Score `searchapp extract --json` against hand-made gold annotations.

Three sets: the five bundled samples (`corpus/`), a held-out set of 14 articles in
other styles and encodings (`fixtures/heldout/`, used while developing), and a
blind set of 8 (`fixtures/blind/`, annotated before the extractor first ran on it).
Titles and years must be exact; speakers and countries are scored by precision and
recall over the whole set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchapp.cli import main

HERE = Path(__file__).parent
ROOT = HERE.parent
SETS = {
    "samples": (ROOT / "corpus", HERE / "gold" / "samples.json"),
    "heldout": (HERE / "fixtures" / "heldout", HERE / "gold" / "heldout.json"),
    "blind": (HERE / "fixtures" / "blind", HERE / "gold" / "blind.json"),
}
MIN_PRECISION = MIN_RECALL = 0.90


def extracted(folder: Path) -> dict[str, dict]:
    result = CliRunner().invoke(main, ["extract", "--json", str(folder)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {Path(record["path"]).name: record for record in records}


def score(gold: dict, records: dict, field: str) -> tuple[float, float]:
    found = sum(len(set(records[name][field]) & set(g[field])) for name, g in gold.items())
    predicted = sum(len(records[name][field]) for name in gold)
    expected = sum(len(g[field]) for g in gold.values())
    return found / max(predicted, 1), found / max(expected, 1)


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request):
    folder, gold_path = SETS[request.param]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold, extracted(folder)


def test_every_gold_article_is_extracted(scored):
    gold, records = scored
    assert sorted(records) == sorted(gold)


def test_titles_and_years_are_exact(scored):
    gold, records = scored
    assert {n: (r["title"], r["year"]) for n, r in records.items()} == \
        {n: (g["title"], g["year"]) for n, g in gold.items()}


@pytest.mark.parametrize("field", ["speakers", "countries"])
def test_precision_and_recall(scored, field):
    gold, records = scored
    precision, recall = score(gold, records, field)
    assert (precision >= MIN_PRECISION, recall >= MIN_RECALL) == (True, True), (precision, recall)


def test_fixture_encodings_are_what_the_gold_says():
    for folder, gold_path in list(SETS.values())[1:]:
        for name, gold in json.loads(gold_path.read_text(encoding="utf-8")).items():
            data = (folder / name).read_bytes()
            assert (data.startswith(b"\xef\xbb\xbf"), b"\r\n" in data) == \
                (gold["encoding"] == "utf-8-sig", gold["newline"] == "CRLF"), name
            if gold["encoding"] in ("cp1252", "latin-1"):
                with pytest.raises(UnicodeDecodeError):
                    data.decode("utf-8")
