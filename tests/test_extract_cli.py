"""The `extract --explain` and `bench extract` commands."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from searchapp.cli import main

SAMPLE = Path(__file__).parent.parent / "corpus" / "003_b82150e53d160eea.txt"


def test_explain_says_why_in_french():
    result = CliRunner().invoke(main, ["extract", "--explain", str(SAMPLE)])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert lines[1:6] == [
        "  titre : Pas de coopération militaire avec la Russie pour l'instant, dit le chef du Pentagone",
        "      · titre de la page suivi de son chapeau",
        "  date : 2017-02-15",
        "      · date d'une légende photo (indice faible) : « WASHINGTON, DC - FEBRUARY 15: President Donald "
        "Trump speaks to Israeli Prime Min »",
        "  confiance : titre sûr, date devinée",
    ]
    assert any(
        line.startswith("      · James Mattis : incise « dit » (« le chef du Pentagone » : fonction liée à ce nom)")
        for line in lines
    )
    assert any(line.startswith("      · Ukraine : retenu (4 mentions)") for line in lines)
    assert (
        "      · [avis d'archive] Cet article fait partie des archives en ligne du HuffPost Québec, qui a fermé "
        "ses portes e" in lines
    )


def test_explain_in_json_adds_the_explanation():
    result = CliRunner().invoke(main, ["extract", "--json", "--explain", str(SAMPLE)])
    record = json.loads(result.stdout)
    assert (sorted(record["explication"]), record["explication"]["title"], record["guessed"]) == (
        ["countries", "date", "dropped", "speakers", "title", "topics"],
        ["titre de la page suivi de son chapeau"],
        ["date"],
    )


def test_bench_extract_reports_speed_and_stages():
    result = CliRunner().invoke(main, ["bench", "extract", str(SAMPLE), "--repeat", "2"])
    lines = result.stdout.splitlines()
    assert (result.exit_code, lines[0].split(" en ")[0], lines[1], len(lines)) == (
        0,
        "2 article(s)",
        "Temps par étape :",
        9,
    )
    assert "articles/s" in lines[0] and "Mo/s" in lines[0]
    assert sorted(line.split()[0] for line in lines[2:]) == [
        "citations",
        "date",
        "décodage",
        "mise",
        "orateurs",
        "pays",
        "thèmes",
    ]


def test_bench_extract_in_two_processes():
    result = CliRunner().invoke(main, ["bench", "extract", str(SAMPLE), "--repeat", "2", "--jobs", "2"])
    assert (result.exit_code, result.stdout.splitlines()[:2][0].split(" en ")[0]) == (0, "2 article(s)")


def test_explain_says_which_values_a_correction_file_gave(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "a.meta.json").write_text('{"title": "Titre corrigé", "speakers": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(article)])
    lines = result.stdout.splitlines()
    assert lines[1:3] == ["  titre : Titre corrigé", "      · valeur corrigée (a.meta.json)"]
    assert lines[lines.index("  orateur : ") + 1] == "      · valeur corrigée (a.meta.json)"
    assert "  confiance : titre sûr, date devinée" in lines
