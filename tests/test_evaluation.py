"""The evaluation harness: query variants, scores, reference engines and the `eval` command."""

import gzip
import json

import pytest

from searchapp.bench import evaluation, reference
from searchapp.bench.evaluation import Query, add_typo, score, strip_accents
from searchapp.cli import main

DOCS = [
    {
        "id": "F1",
        "title": "Comment déclarer ses revenus ?",
        "text": "La déclaration des revenus se fait en ligne chaque printemps.",
    },
    {
        "id": "F2",
        "title": "Qu'est-ce qu'un congé de maternité ?",
        "text": "Le congé de maternité permet à la salariée de s'arrêter avant et après la naissance.",
    },
    {
        "id": "F3",
        "title": "Pêche de loisir",
        "text": "La pêche en eau douce demande une carte de pêche et le respect des tailles minimales.",
    },
]
QUERIES = [
    Query("q-F1", "Comment déclarer ses revenus ?", "F1"),
    Query("q-F2", "Qu'est-ce qu'un congé de maternité ?", "F2"),
    Query("q-F3", "Faut-il une carte pour la pêche de loisir ?", "F3"),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Où déclarer l'impôt ?", "Ou declarer l'impot ?"),
        ("Être PÂQUES, Noël, ça", "Etre PAQUES, Noel, ca"),
        ("cœur « guillemets »", "cœur « guillemets »"),
    ],
)
def test_strip_accents(text, expected):
    assert strip_accents(text) == expected


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@pytest.mark.parametrize("query_id", [f"q-F{n}" for n in range(60)])
def test_one_typo_in_a_word_of_four_letters_or_more_deterministically(query_id):
    text = "Peut-on déclarer ses revenus en ligne ?"
    typo = add_typo(text, query_id)
    assert typo == add_typo(text, query_id)
    changed = [(a, b) for a, b in zip(text.split(), typo.split()) if a != b]
    assert len(changed) == 1 and len(text.split()) == len(typo.split())
    before, after = changed[0]
    assert _one_edit(before, after)
    assert len(before.strip("?-").replace("Peut-on", "Peut")) >= 4


def test_short_words_only_stay_unchanged():
    assert add_typo("Un an ou dix ?", "q-1") == "Un an ou dix ?"


def test_score_is_mrr_and_recall_at_10():
    class Fixed:
        name = "fixed"

        def search(self, text, limit):
            return {"a": ["F1"], "b": ["F0", "F2"], "c": ["F0"] * 10 + ["F3"]}[text][:limit]

    queries = [Query("1", "a", "F1"), Query("2", "b", "F2"), Query("3", "c", "F3")]
    ranks = {}
    result = score(Fixed(), queries, lambda q: q.text, ranks)
    assert (result.mrr, result.recall) == (pytest.approx(0.5), pytest.approx(2 / 3))
    assert ranks == {"1": 1, "2": 2, "3": 0}


def test_reference_engines_find_the_documents(tmp_path):
    engines, skipped = reference.reference_engines([(d["id"], d["text"]) for d in DOCS], tmp_path)
    names = [engine.name for engine in engines]
    assert names[-3:] == ["SQLite FTS5", "Whoosh OR", "Whoosh AND"]
    assert ("Tantivy" in names) != bool(skipped)
    for engine in engines:
        assert engine.search("la pêche en eau douce ?", 10)[:1] == ["F3"], engine.name
        assert engine.search("?", 10) == [], engine.name


def test_missing_tantivy_is_skipped_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "tantivy", None)
    engines, skipped = reference.reference_engines([("F1", "texte")], tmp_path)
    assert "Tantivy" not in [engine.name for engine in engines]
    assert skipped == ["Tantivy ignoré : paquet « tantivy » absent (pip install -e '.[eval]')"]


def test_eval_command_prints_every_engine_and_variant(runner, tmp_path):
    docs = tmp_path / "docs.jsonl.gz"
    with gzip.open(docs, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS)
    queries = tmp_path / "queries.tsv"
    queries.write_text(
        "query_id\tquery\trelevant_doc_id\n" + "".join(f"{q.id}\t{q.text}\t{q.relevant}\n" for q in QUERIES),
        encoding="utf-8",
    )
    ranks = tmp_path / "ranks.tsv"
    result = runner.invoke(main, ["eval", "--docs", str(docs), "--queries", str(queries), "--ranks", str(ranks)])
    assert result.exit_code == 0, result.output
    assert "3 documents, 3 requêtes" in result.output
    table = result.output[result.output.index("\nmoteur ") + 1 :].splitlines()
    assert table[0].split() == ["moteur", "original", "sans", "accents", "une", "faute"]
    ours = table[2].split()
    assert ours[0] == "searchapp" and ours[1:3] == ["1.000", "1.000"]
    assert [line.split()[0] for line in table[3:]][-3:] == ["SQLite", "Whoosh", "Whoosh"]
    assert ranks.read_text(encoding="utf-8").splitlines()[:2] == [
        "engine\tvariant\tquery_id\trank",
        "searchapp\toriginal\tq-F1\t1",
    ]


def test_the_question_titles_are_not_indexed(tmp_path):
    engine = evaluation.OurEngine(DOCS, tmp_path)
    assert engine.search("Comment déclarer ses revenus ?", 10) == ["F1"]
    stored = engine.catalog.searcher.stored_fields(engine.catalog.document("F1")[0])
    assert stored["title"] == "F1"
    assert engine.search("printemps", 10) == ["F1"]
    engine.catalog.close()
