"""Reading a corpus: files, encodings, JSONL validation, problems reported with file and line."""

import gzip
import json

import pytest

from searchapp.ingest.corpus import Problem, Source, decode, find_files, read_sources

TEXT = "Pompeo met en garde la Russie\n\nLe secrétaire d'État a déclaré mardi."


def read_all(paths):
    files, problems = find_files(paths)
    items = list(read_sources(files))
    return [i for i in items if isinstance(i, Source)], problems + [i for i in items if isinstance(i, Problem)]


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.encode("latin-1"),
        TEXT.replace("\n", "\r\n").encode("cp1252"),
    ],
)
def test_decode_detects_encodings_and_line_endings(data):
    assert decode(data) == TEXT


def test_decode_cp1252_specific_characters():
    assert decode("« l’ingérence » – 5 €".encode("cp1252")) == "« l’ingérence » – 5 €"


def test_text_files_become_sources_with_ids_from_names(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b c.txt").write_bytes(TEXT.encode("cp1252"))
    sources, problems = read_all([tmp_path])
    assert problems == []
    assert [(s.id, s.text) for s in sources] == [("a", TEXT), ("b-c", TEXT)]


def test_bad_text_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    sources, problems = read_all([tmp_path, tmp_path / "notes.pdf", tmp_path / "missing.txt"])
    assert [s.id for s in sources] == ["good"]
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in problems}
    assert reasons == {
        "binary.txt": "fichier binaire, pas du texte",
        "blank.txt": "fichier vide",
        "empty.txt": "fichier vide",
        "notes.pdf": "format non pris en charge (.txt, .jsonl, .jsonl.gz)",
        "missing.txt": "introuvable",
    }


def test_jsonl_lines_are_validated_one_by_one(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "title": "Titre", "text": "Texte un."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "t", "text": 42}),
        json.dumps({"id": "s", "text": "x", "speakers": "Pompeo"}),
        json.dumps({"id": "e", "text": "   "}),
        "",
        json.dumps({"id": 7, "text": "Texte sept.", "speakers": ["Lavrov"]}),
        json.dumps({"text": "Sans identifiant."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources, problems = read_all([path])
    assert [(s.id, s.line) for s in sources] == [("ok1", 1), ("7", 8), ("feed-9", 9)]
    assert [(p.line, p.reason) for p in problems] == [
        (2, "JSON invalide (Expecting property name enclosed in double quotes, colonne 2)"),
        (3, "la ligne n'est pas un objet JSON"),
        (4, "champ « text » : texte attendu"),
        (5, "champ « speakers » : liste de textes attendue"),
        (6, "champ « text » manquant ou vide"),
    ]
    assert str(problems[0]) == f"{path}:2: JSON invalide (Expecting property name enclosed in double quotes, colonne 2)"


def test_gzipped_jsonl_and_truncated_gzip(tmp_path):
    rows = [json.dumps({"id": f"g{i}", "text": f"Article numéro {i}. " * 50}) for i in range(200)]
    data = gzip.compress(("\n".join(rows) + "\n").encode("utf-8"))
    (tmp_path / "whole.jsonl.gz").write_bytes(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    sources, problems = read_all([tmp_path / "whole.jsonl.gz", tmp_path / "cut.jsonl.gz"])
    whole = [s for s in sources if s.path.endswith("whole.jsonl.gz")]
    cut = [s for s in sources if s.path.endswith("cut.jsonl.gz")]
    assert len(whole) == 200
    assert 0 < len(cut) < 200
    assert len(problems) == 1 and problems[0].path.endswith("cut.jsonl.gz")
    assert problems[0].reason.startswith("fichier compressé tronqué ou corrompu")


def test_progress_reports_every_byte(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": "x"}) + "\n\n", encoding="utf-8")
    files, _ = find_files([tmp_path])
    seen = []
    list(read_sources(files, seen.append))
    assert sum(seen) == sum(f.stat().st_size for f in files)


def test_correction_files_give_values_by_article(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "Titre corrigé", "speakers": []}', encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "text": "Texte."}) for i in ("j1", "j2")) + "\n", encoding="utf-8"
    )
    (tmp_path / "feed.overrides.json").write_text('{"j2": {"date": "2021-06-01", "countries": ["Mali"]}}')
    sources, problems = read_all([tmp_path])
    assert problems == []
    assert [(s.id, s.corrections) for s in sources] == [
        ("a", {"title": "Titre corrigé", "speakers": []}),
        ("b", {}),
        ("j1", {}),
        ("j2", {"date": "2021-06-01", "countries": ["Mali"]}),
    ]
    assert len({s.digest for s in sources[:2]}) == 2  # same text, one corrected: not the same source


@pytest.mark.parametrize(
    "name, data, reason",
    [
        (
            "a.meta.json",
            b"{titre",
            "a.meta.json n'est pas du JSON valide (Expecting property name enclosed in "
            "double quotes: line 1 column 2 (char 1))",
        ),
        (
            "a.meta.json",
            b'["Titre"]',
            "a.meta.json : objet JSON attendu (title, date, source, url, author, speakers, countries, topics)",
        ),
        (
            "a.meta.json",
            b'{"titre": "X"}',
            "a.meta.json : champ « titre » inconnu (possibles : title, date, source, "
            "url, author, speakers, countries, topics)",
        ),
        ("a.meta.json", b'{"speakers": "Mike Pompeo"}', "a.meta.json : champ « speakers » : liste de textes attendue"),
        ("a.meta.json", b'{"title": "  "}', "a.meta.json : champ « title » : texte non vide attendu"),
        (
            "a.meta.json",
            b'{"date": "6 mars 2025"}',
            "a.meta.json : champ « date » : date ISO attendue (AAAA-MM-JJ ou AAAA-MM), pas « 6 mars 2025 »",
        ),
        (
            "feed.overrides.json",
            b'{"title": "X"}',
            "feed.overrides.json : article « title » : objet JSON attendu "
            "(title, date, source, url, author, speakers, countries, topics)",
        ),
        ("feed.overrides.json", b"[]", "feed.overrides.json : objet JSON attendu, par identifiant d'article"),
    ],
)
def test_a_correction_file_that_cannot_be_used_is_reported_and_left_out(tmp_path, name, data, reason):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "j1", "text": "Texte."}) + "\n", encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    sources, problems = read_all([tmp_path])
    corrected = "a.txt" if name.startswith("a.") else "feed.jsonl"
    assert [(s.id, s.corrections) for s in sources] == [("a", {}), ("j1", {})]
    assert [str(p) for p in problems] == [f"{tmp_path / corrected}: correction ignorée : {reason}"]
