"""A corpus with every kind of bad input: each problem reported with file, line and reason; every good article
indexed."""

import gzip
import json
import re
import tracemalloc

import pytest

from searchapp import generations
from searchapp.cli import main
from searchapp.ingest.corpus import MAX_LINE_BYTES, read_sources
from searchapp.search.catalog import Catalog

MB = 1024 * 1024
ARTICLE = "Ingérence : l’été brûlant de Genève\n\nLe ministre a dénoncé « l’ingérence », a-t-il dit, pour 5 €."
LATIN1 = ARTICLE.replace("’", "'").replace("€", "euros")  # latin-1 has neither
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))


def line(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def write_bad_corpus(root):
    """Write the corpus; return {file name: [(line, reason)]} of the problems it must report."""
    root.mkdir()
    files = {
        "utf8.txt": ARTICLE.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        "cp1252.txt": ARTICLE.encode("cp1252"),
        "latin1.txt": LATIN1.encode("latin-1"),
        "crlf.txt": ARTICLE.replace("\n", "\r\n").encode("cp1252"),
        "empty.txt": b"",
        "blank.txt": b" \r\n\t  \n\n",
        "binary.txt": PNG,
        "furniture.txt": "Rechercher\nPartager cet article\nPUBLICITÉ\n".encode("cp1252"),
        "empty.jsonl": b"",
        "blank.jsonl": b"\n  \r\n",
        "binary.jsonl": PNG,
        "notgzip.jsonl.gz": line(id="n1", text="Pas compressé.") + b"\n",
        "z_dup.jsonl": line(id="utf8", text="Même identifiant qu'un fichier .txt.") + b"\n",
        "feed.jsonl": b"\n".join(
            [
                b"\xef\xbb\xbf"
                + line(id="j1", title="Premier", text="Texte de la ligne un.", speakers=["Mike Pompeo"]),
                b'{"id": "j2", "text": "coup',
                line(id="j3", title="Sans texte"),
                line(id="j4", text=42),
                line(id="j5", text="Orateurs mal typés.", speakers="Mike Pompeo"),
                line(id=True, text="Identifiant booléen."),
                line(id="j1", text="Doublon de j1."),
                b"[1, 2, 3]",
                b"   ",
                line(id="j10", text="Ligne encodée en cp1252 : « été »").decode("utf-8").encode("cp1252"),
                b'{"id": "j11", "text": "Demi-codet isol\\ud83d."}',
                b'{"id": "j12", "text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}',
                b"[" * 100_000,
                line(id="j14", text="Fin de ligne Windows.", date="2019-13-45", countries=[]) + b"\r",
                line(id="j15", text="Date invalide ignorée.", date="hier", topics=None),
            ]
        )
        + b"\n",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    rows = b"\n".join(line(id=f"g{i}", text=f"Article compressé numéro {i}. " * 40) for i in range(300))
    packed = gzip.compress(rows)
    (root / "truncated.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    with open(root / "huge.txt", "wb") as handle:  # 50 MB of real text
        chunk = ("Un texte immense sur l'ingérence. " * 30_000).encode("utf-8")
        while handle.tell() < 50 * MB:
            handle.write(chunk)
    return {
        "binary.jsonl": [(None, "fichier binaire, pas du texte")],
        "binary.txt": [(None, "fichier binaire, pas du texte")],
        "blank.jsonl": [(None, "fichier vide")],
        "blank.txt": [(None, "fichier vide")],
        "empty.jsonl": [(None, "fichier vide")],
        "empty.txt": [(None, "fichier vide")],
        "feed.jsonl": [
            (2, "JSON invalide (Invalid control character at, colonne 27)"),
            (3, "champ « text » manquant ou vide"),
            (4, "champ « text » : texte attendu"),
            (5, "champ « speakers » : liste de textes attendue"),
            (6, "champ « id » : texte attendu"),
            (7, f"identifiant « j1 » en double (déjà lu dans {root / 'feed.jsonl'}:1)"),
            (8, "la ligne n'est pas un objet JSON"),
            (11, "champ « text » : caractère Unicode invalide (demi-codet isolé)"),
            (12, "ligne trop longue (limite 5 Mo)"),
            (13, "JSON invalide (nombre trop long ou imbrication trop profonde)"),
        ],
        "furniture.txt": [(None, "aucun texte d'article après nettoyage")],
        "huge.txt": [(None, "fichier trop volumineux (52 Mo, limite 5 Mo)")],
        "notgzip.jsonl.gz": [(1, "fichier compressé tronqué ou corrompu (Not a gzipped file (b'{\"'))")],
        "truncated.jsonl.gz": [
            (
                None,
                "fichier compressé tronqué ou corrompu (Compressed file ended before the "
                "end-of-stream marker was reached)",
            )
        ],
        "z_dup.jsonl": [(1, f"identifiant « utf8 » en double (déjà lu dans {root / 'utf8.txt'})")],
    }


PROBLEM = re.compile(r"^ignoré : (?P<path>.+?)(?::(?P<line>\d+))?: (?P<reason>.*)$")


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """The bad corpus, its expected problems, and the CLI result of rebuilding it."""
    from click.testing import CliRunner

    base = tmp_path_factory.mktemp("bad")
    expected = write_bad_corpus(base / "corpus")
    result = CliRunner().invoke(
        main, ["index", "rebuild", "--corpus", str(base / "corpus"), "--index-dir", str(base / "index")]
    )
    return base, expected, result


def test_every_problem_is_reported_with_file_line_and_reason(bad_build):
    base, expected, result = bad_build
    assert result.exit_code == 3, result.output
    reported: dict[str, list] = {}
    for text in result.stderr.splitlines():
        match = PROBLEM.match(text)
        assert match, text
        name = match["path"].removeprefix(str(base / "corpus") + "/")
        reported.setdefault(name, []).append((int(match["line"]) if match["line"] else None, match["reason"]))
    truncated = reported.pop("truncated.jsonl.gz")
    assert len(truncated) == 1 and truncated[0][0] > 1  # the line where the data stops
    assert {**reported, "truncated.jsonl.gz": [(None, truncated[0][1])]} == expected


def test_every_good_article_is_indexed_whatever_its_encoding(bad_build):
    base, _, result = bad_build
    catalog = Catalog(generations.current(base / "index"))
    stored = {fields["id"]: fields for fields in catalog.searcher.all_stored_fields()}
    compressed = {i for i in stored if i.startswith("g")}
    assert set(stored) - compressed == {"utf8", "bom", "cp1252", "latin1", "crlf", "j1", "j10", "j14", "j15"}
    assert 0 < len(compressed) < 300 and compressed == {f"g{i}" for i in range(len(compressed))}
    assert f"{len(stored)} article(s) indexé(s)" in result.stdout
    for name in ("utf8", "bom", "cp1252", "crlf"):
        assert (stored[name]["title"], stored[name]["body"]) == (
            "Ingérence : l’été brûlant de Genève",
            ARTICLE.split("\n\n")[1],
        )
    assert stored["latin1"]["body"] == LATIN1.split("\n\n")[1]
    assert stored["j10"]["body"] == "Ligne encodée en cp1252 : « été »"
    assert stored["j1"]["speaker"] == ["Mike Pompeo"]
    assert stored["j14"].get("date") is None and stored["j15"].get("date") is None
    catalog.close()


def test_update_of_the_bad_corpus_changes_nothing_and_reports_the_same(bad_build):
    from click.testing import CliRunner

    base, _, rebuilt = bad_build
    result = CliRunner().invoke(
        main, ["index", "update", "--corpus", str(base / "corpus"), "--index-dir", str(base / "index")]
    )
    assert result.exit_code == 3
    assert result.stdout.startswith("Index déjà à jour")
    assert result.stderr == rebuilt.stderr


def test_huge_files_are_streamed_in_bounded_memory(tmp_path):
    with open(tmp_path / "huge.jsonl", "wb") as handle:  # 50 MB of ordinary lines
        row = line(text="Un article ordinaire sur l'ingérence. " * 120) + b"\n"
        for _ in range(50 * MB // len(row)):
            handle.write(row)
    (tmp_path / "longline.jsonl").write_bytes(b'{"text": "' + b"a" * (50 * MB) + b'"}\n' + line(text="Après.") + b"\n")
    (tmp_path / "huge.txt").write_bytes(b"Un texte immense. " * (3 * MB))
    tracemalloc.start()
    kinds = [type(item).__name__ for item in read_sources(sorted(tmp_path.iterdir()))]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert kinds == ["Source"] * (50 * MB // len(row)) + ["Problem", "Problem", "Source"]  # huge.txt, long line
    assert peak < 3 * MAX_LINE_BYTES  # whatever the size of the files
