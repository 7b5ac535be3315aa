"""The command line through click's runner: rebuild, stats, search, extract."""

import json

from conftest import PRESS, SAMPLES

from searchapp import generations
from searchapp.cli import main


def test_rebuild_prints_a_summary_and_publishes(runner, tmp_path):
    result = runner.invoke(main, ["index", "rebuild", "--corpus", str(SAMPLES), "--index-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "5 article(s) indexé(s) en" in result.output
    assert "0 élément(s) ignoré(s)" in result.output
    assert generations.current(tmp_path) is not None


def test_rebuild_and_update_in_several_processes(runner, tmp_path):
    index = ["--corpus", str(PRESS), "--index-dir", str(tmp_path)]
    result = runner.invoke(main, ["index", "rebuild", *index, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "8 article(s) indexé(s) en" in result.output
    result = runner.invoke(main, ["index", "update", *index, "--jobs", "2"])
    assert result.output.startswith("Index déjà à jour (8 articles)")
    assert runner.invoke(main, ["index", "rebuild", *index, "--jobs", "0"]).exit_code == 2


def test_rebuild_with_skipped_files_exits_3_and_lists_them(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Un titre d'article assez long\n\nLe texte de l'article.", encoding="utf-8")
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["index", "rebuild", "--corpus", str(corpus), "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code == 3
    assert f"ignoré : {corpus / 'vide.txt'}: fichier vide" in result.output
    assert "1 article(s) indexé(s)" in result.output


def test_rebuild_of_nothing_keeps_the_live_index(runner, tmp_path):
    runner.invoke(main, ["index", "rebuild", "--corpus", str(PRESS), "--index-dir", str(tmp_path)])
    live = generations.current(tmp_path)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(
        main, ["index", "rebuild", "--corpus", str(tmp_path / "empty.txt"), "--index-dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "aucun article lisible : l'index actuel est conservé" in result.output
    assert generations.current(tmp_path) == live


def test_rebuild_if_missing_and_environment_variables(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHAPP_CORPUS", str(PRESS))
    monkeypatch.setenv("SEARCHAPP_INDEX_DIR", str(tmp_path))
    first = runner.invoke(main, ["index", "rebuild", "--if-missing"])
    assert "8 article(s) indexé(s)" in first.output
    second = runner.invoke(main, ["index", "rebuild", "--if-missing"])
    assert second.exit_code == 0 and "rien à faire" in second.output


def test_rebuild_if_missing_replaces_a_generation_this_version_cannot_open(runner, tmp_path):
    """A generation of an older version (its schema names modules that moved) is rebuilt."""
    broken = tmp_path / "gen-20200101T000000000000Z"
    broken.mkdir()
    (broken / "_MAIN_1.toc").write_bytes(b"not a table of contents")
    (tmp_path / generations.CURRENT).write_text(broken.name + "\n", encoding="utf-8")
    result = runner.invoke(
        main, ["index", "rebuild", "--if-missing", "--corpus", str(PRESS), "--index-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "mais illisible" in result.stderr and "8 article(s) indexé(s)" in result.stdout
    assert generations.current(tmp_path) != broken


def test_stats(runner, press_index):
    result = runner.invoke(main, ["index", "stats", "--index-dir", str(press_index), "--top", "2"])
    assert result.exit_code == 0
    assert "Articles : 8\nSegments : 1 (0 article(s) supprimé(s) en attente de fusion)\n" in result.output
    assert "Pays (6 valeurs)\n        5  États-Unis\n        4  Russie\n" in result.output


def test_search_json_matches_the_api(runner, press_index, client):
    result = runner.invoke(
        main, ["search", "ingerence", "--speaker", "Mike Pompeo", "--json", "--index-dir", str(press_index)]
    )
    assert result.exit_code == 0
    assert json.loads(result.output) == client.get("/api/search?q=ingerence&speaker=Mike+Pompeo").get_json()


def test_search_year_range_matches_the_api(runner, press_index, client):
    result = runner.invoke(
        main, ["search", "--year-from", "2020", "--year-to", "2021", "--json", "--index-dir", str(press_index)]
    )
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found == client.get("/api/search?year_from=2020&year_to=2021").get_json()
    assert 0 < found["total"] < 8 and all(2020 <= int(hit["date"][:4]) <= 2021 for hit in found["hits"])


def test_search_text_output_and_bad_options(runner, press_index):
    result = runner.invoke(main, ["search", "climat", "--index-dir", str(press_index)])
    assert result.output.startswith("1 résultat(s)\n\nLe climat au cœur du sommet européen  [a7]")
    bad = runner.invoke(main, ["search", "x", "--page", "0", "--index-dir", str(press_index)])
    assert bad.exit_code == 1 and "« page » doit être compris entre 1 et 1000." in bad.output


def test_extract_json_prints_what_the_indexer_stores(runner):
    result = runner.invoke(main, ["extract", str(PRESS), "--json"])
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 8
    assert records[0] == {
        "path": str(PRESS),
        "id": "a1",
        "title": "Ingérence russe : Washington hausse le ton",
        "date": "2019-05-14",
        "year": 2019,
        "source": "AFP",
        "speakers": ["Mike Pompeo"],
        "countries": ["États-Unis", "Russie"],
        "topics": ["Élections"],
        "guessed": [],
        "quotes": [
            {
                "speaker": "Mike Pompeo",
                "text": "Nous ne tolérerons aucune ingérence",
                "start": 90,
                "end": 125,
                "kind": "direct",
            }
        ],
    }


def test_stats_lists_the_articles_whose_title_or_date_was_guessed(runner, tmp_path):
    body = (
        "Le ministre a présenté mardi un plan de relance de plusieurs milliards d'euros pour soutenir "
        "l'industrie, selon un communiqué publié dans la soirée."
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Un titre sûr\n\nPublié le 3 mars 2021\n\n{body}", encoding="utf-8")
    (corpus / "b.txt").write_text(f"{body}\n\n{body} Encore.", encoding="utf-8")
    (corpus / "c.txt").write_text(f"Un titre sans date\n\n{body}\n\nMis à jour le 4 mars 2021", encoding="utf-8")
    index_dir = tmp_path / "index"
    built = runner.invoke(main, ["index", "rebuild", "--corpus", str(corpus), "--index-dir", str(index_dir)])
    assert built.exit_code == 0
    short = runner.invoke(main, ["index", "stats", "--index-dir", str(index_dir)])
    listed = runner.invoke(main, ["index", "stats", "--index-dir", str(index_dir), "--guessed"])
    summary = "À relire : 2 article(s) au titre ou à la date devinés (1 titre(s), 1 date(s))"
    assert short.output.splitlines()[-2:] == [summary, "  (liste : searchapp index stats --guessed)"]
    assert listed.output.splitlines()[-3:] == [
        summary,
        f"  {corpus / 'b.txt'} [b]  titre : {body}",
        f"  {corpus / 'c.txt'} [c]  date : Un titre sans date",
    ]
