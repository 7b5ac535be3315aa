"""`index update`: the generation it publishes is the one a rebuild of the same corpus gives."""

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from conftest import PRESS, SAMPLES
from whoosh import index as whoosh_index

from searchapp import generations, indexing
from searchapp.cli import main
from searchapp.codec import toc
from searchapp.indexing import build
from searchapp.schema import QUOTES
from searchapp.search.catalog import Catalog
from searchapp.web.app import create_app

QUERIES = [
    "",
    "q=ingerence",
    "q=ingérence+russe",
    "q=sommet&sort=oldest",
    "q=pompeo+lavrov&country=Russie",
    "speaker=Mike+Pompeo&year=2019",
    "q=climat+OR+chine&per_page=20",
    "sort=newest&page=2",
    'q="nouvel article"',
]
TEXT = ("body", "title")  # the scorable fields
SCORED = ["ingerence", "russie sotchi", "nouvel article ingérence", "climat", "washington pekin"]


def line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


@pytest.fixture()
def corpus(tmp_path):
    """Version 1 of a corpus: the sample .txt files, press.jsonl and a small extra.jsonl."""
    root = tmp_path / "corpus"
    shutil.copytree(SAMPLES, root)
    shutil.copy(PRESS, root / "press.jsonl")
    (root / "extra.jsonl").write_text(
        "\n".join(
            [
                line(
                    id="x1",
                    title="Premier supplément",
                    text="Un supplément sur l'ingérence et le climat.",
                    topics=["Climat"],
                ),
                line(title="Sans identifiant", text="Cet article n'a pas d'identifiant, sa clé dépend de sa ligne."),
                line(
                    id="x3",
                    text="Troisième article, sans titre ni date, à propos de Sotchi.",
                    speakers=["Sergueï Lavrov"],
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return root


def change(root):
    """Version 2: files and lines added, modified and deleted; a duplicate id now shadows another."""
    txt = sorted(root.glob("*.txt"))
    txt[1].unlink()
    txt[2].write_text(
        txt[2].read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté sur l'ingérence.", encoding="utf-8"
    )
    (root / "000_aaa_nouveau.txt").write_text(
        "Un tout nouvel article sur l'ingérence\n\nLe 3 mars 2021, à Genève. Un nouvel article sur l'ingérence russe.",
        encoding="utf-8",
    )
    press = (root / "press.jsonl").read_text(encoding="utf-8").splitlines()
    edited = json.loads(press[2])
    edited.update(text=edited["text"] + " Nouvelle déclaration.", speakers=["Mike Pompeo", "Wang Yi"])
    press[2] = json.dumps(edited, ensure_ascii=False)
    del press[5]
    press.insert(
        4,
        line(
            id="p9",
            title="Nouvel article inséré",
            text="Un nouvel article sur l'ingérence chinoise.",
            date="2020-01-02",
            countries=["Chine"],
            speakers=["Wang Yi"],
        ),
    )
    (root / "press.jsonl").write_text("\n".join(press) + "\n", encoding="utf-8")
    (root / "extra.jsonl").write_text(
        "\n".join(
            [
                line(id="x0", text="Inséré en tête : la clé de l'article sans identifiant change."),
                *(root / "extra.jsonl").read_text(encoding="utf-8").splitlines(),
                line(id="a1", text="Ce doublon de a1, lu avant press.jsonl, remplace l'original."),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (root / "sub").mkdir()
    more = line(id="m1", text="Un sommet sur le climat à Pékin.")
    (root / "sub" / "more.jsonl").write_text(more + "\n", encoding="utf-8")


def snapshot(index_dir) -> dict:
    """Everything a generation's live documents hold, whatever their segments and numbers: by article
    id, stored fields, field lengths and date keys; each term's postings (by article id, live ones
    only); the exact length totals, the live document count and the lexicon; the quotations' documents,
    in their order."""
    generation = generations.current(index_dir)
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        live = list(reader.all_doc_ids())
        ids = {n: reader.stored_fields(n)["id"] for n in live}
        date_keys = list(reader.column_reader("date_key"))
        terms = {}
        for field, text in reader.all_terms():
            matcher = reader.postings(field, text)  # without the deleted documents
            found = []
            while matcher.is_active():
                found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            if found:
                terms[field, text] = sorted(found)
        return dict(
            lexicon=generations.read_lexicon(generation),
            count=len(live),
            stored={ids[n]: reader.stored_fields(n) for n in live},
            lengths={ids[n]: [reader.doc_field_length(n, field) for field in TEXT] for n in live},
            totals=toc.live_lengths(reader) if reader.has_deletions() else {f: reader.field_length(f) for f in TEXT},
            terms=terms,
            date_keys={ids[n]: date_keys[n] for n in live},
            quotes=quotations(generation),
        )


def quotations(generation) -> list[dict]:
    """The stored fields of a generation's live quotations, by id (an update appends the new ones)."""
    with whoosh_index.open_dir(str(generation), indexname=QUOTES).reader() as reader:
        return sorted((reader.stored_fields(n) for n in reader.all_doc_ids()), key=lambda fields: fields["id"])


def results(index_dir) -> tuple[list, list]:
    """The API's answers (hits, facet counts) and the BM25 scores of every match, by article id, ties in
    id order."""
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    pages = [client.get(f"/api/search?{query}").get_json() for query in QUERIES]
    catalog = Catalog(generations.current(index_dir))
    scores = [
        sorted(
            (
                (catalog.searcher.stored_fields(hit.docnum)["id"], hit.score)
                for hit in catalog.searcher.search(catalog.parser.parse(q), limit=None)
            ),
            key=lambda hit: (-hit[1], hit[0]),
        )
        for q in SCORED
    ]
    catalog.close()
    return pages, scores


def test_update_equals_a_rebuild_of_the_changed_corpus(corpus, tmp_path):
    updated, rebuilt = tmp_path / "updated", tmp_path / "rebuilt"
    indexing.rebuild([corpus], updated)
    first = generations.pointer(updated)
    change(corpus)  # 6 added, 2 changed, 4 removed (deleted, or keys changed), 10 unchanged
    report = indexing.update([corpus], updated)
    reference = indexing.rebuild([corpus], rebuilt)

    assert generations.pointer(updated) != first
    assert (report.indexed, report.added, report.changed, report.unchanged, report.removed) == (18, 6, 2, 10, 4)
    assert (
        [str(p) for p in report.problems]
        == [str(p) for p in reference.problems]
        == [f"{corpus / 'press.jsonl'}:1: identifiant « a1 » en double (déjà lu dans {corpus / 'extra.jsonl'}:5)"]
    )
    assert snapshot(updated) == snapshot(rebuilt)
    pages, scores = results(updated)
    assert (pages, scores) == results(rebuilt)
    assert [page["total"] for page in pages][:2] == [18, 12]
    assert all(scores)


@pytest.mark.parametrize("factor", [10, 100])
def test_segments_flushed_by_a_rebuild_hold_what_one_segment_holds(corpus, tmp_path, monkeypatch, factor):
    """A rebuild whose analysed postings outgrow its memory budget writes a segment each time they do
    (here: for each article), merged by the merge policy (`factor` 10) or left as they are (100); the
    index holds, ranks and counts what a rebuild in one segment gives, and so does an update of it."""
    one, flushed = tmp_path / "one", tmp_path / "flushed"
    indexing.rebuild([corpus], one)
    monkeypatch.setattr(build, "FLUSH_BYTES", 1)
    monkeypatch.setattr(build, "BATCH_BYTES", 1)
    monkeypatch.setattr(indexing.merges, "FACTOR", factor)
    report = indexing.rebuild([corpus], flushed)
    with whoosh_index.open_dir(str(generations.current(flushed))).reader() as reader:
        sizes = [segment.size for segment in toc.segments(reader)]
    assert (report.segments, sizes) == ((1, [16]) if factor == 10 else (16, [1] * 16))
    assert snapshot(flushed) == snapshot(one)
    assert results(flushed) == results(one)
    change(corpus)
    indexing.update([corpus], flushed)
    indexing.rebuild([corpus], one)
    assert snapshot(flushed) == snapshot(one)
    assert results(flushed) == results(one)


def test_update_without_changes_publishes_nothing(corpus, tmp_path):
    index_dir = tmp_path / "ix"
    indexing.rebuild([corpus], index_dir)
    live = generations.pointer(index_dir)
    report = indexing.update([corpus], index_dir)
    assert (report.generation, report.indexed, report.unchanged, report.added) == (None, 16, 16, 0)
    assert generations.pointer(index_dir) == live
    assert sorted(p.name for p in index_dir.iterdir()) == sorted([live, generations.CURRENT])


def test_update_without_an_index_or_from_other_code_analyses_everything(corpus, tmp_path, monkeypatch):
    assert indexing.update([corpus], tmp_path).added == 16
    monkeypatch.setattr(indexing.build, "code_version", lambda: "changed code")
    report = indexing.update([corpus], tmp_path)
    assert (report.added, report.unchanged, report.generation is not None) == (16, 0, True)
    assert indexing.update([corpus], tmp_path).unchanged == 16


def test_cli_update_reports_counts_and_exit_status(corpus, tmp_path, runner):
    index = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "ix")]
    assert runner.invoke(main, ["index", "rebuild", *index]).exit_code == 0
    result = runner.invoke(main, ["index", "update", *index])
    assert result.exit_code == 0
    assert result.output.startswith(
        "Index déjà à jour (16 articles) : 0 ajouté(s), 0 modifié(s), 0 retiré(s), "
        "16 inchangé(s) ; 0 élément(s) ignoré(s)."
    )
    change(corpus)
    result = runner.invoke(main, ["index", "update", *index])
    assert result.exit_code == 3
    assert "identifiant « a1 » en double" in result.output
    assert "18 article(s) dans l'index en" in result.output
    assert (
        "6 ajouté(s), 2 modifié(s), 4 retiré(s), 10 inchangé(s) ; 1 élément(s) ignoré(s). Génération : gen-"
    ) in result.output


@pytest.fixture()
def opened(monkeypatch):
    """The corpus files an update opens (`.txt` read whole, JSONL opened as a stream)."""
    paths: list[str] = []
    read_bytes, open_ = Path.read_bytes, Path.open

    def recording_read_bytes(path):
        paths.append(path.name)
        return read_bytes(path)

    def recording_open(path, *args, **kwargs):
        paths.append(path.name)
        return open_(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", recording_read_bytes)
    monkeypatch.setattr(Path, "open", recording_open)
    return paths


def test_an_update_does_not_open_the_files_whose_stats_are_unchanged(corpus, tmp_path, opened):
    updated, rebuilt = tmp_path / "updated", tmp_path / "rebuilt"
    indexing.rebuild([corpus], updated)
    edited = sorted(corpus.glob("*.txt"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté.", encoding="utf-8")
    (corpus / "new.jsonl").write_text(line(id="n1", text="Un article arrivé ce matin sur l'ingérence.") + "\n")
    opened.clear()
    report = indexing.update([corpus], updated)
    assert sorted(set(opened) & {p.name for p in corpus.iterdir()}) == sorted([edited.name, "new.jsonl"])
    assert (report.added, report.changed, report.unchanged) == (1, 1, 15)
    indexing.rebuild([corpus], rebuilt)
    assert snapshot(updated) == snapshot(rebuilt)
    opened.clear()
    assert indexing.update([corpus], updated, verify=True).generation is None  # all read, nothing changed
    assert set(opened) >= {p.name for p in corpus.iterdir()}


def test_a_file_that_gave_a_problem_is_read_again_and_reported_again(corpus, tmp_path, opened):
    (corpus / "vide.txt").write_bytes(b"")
    indexing.rebuild([corpus], tmp_path / "ix")
    opened.clear()
    report = indexing.update([corpus], tmp_path / "ix")
    assert "vide.txt" in opened
    assert [p.reason for p in report.problems] == ["fichier vide"]


def test_a_file_rewritten_with_its_old_size_and_time_takes_verify(corpus, tmp_path):
    indexing.rebuild([corpus], tmp_path / "ix")
    path = sorted(corpus.glob("*.txt"))[0]
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Pompeo", "Pompey").replace("Russie", "Prusse"), encoding="utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert indexing.update([corpus], tmp_path / "ix").changed == 0  # size, time and inode as recorded
    assert indexing.update([corpus], tmp_path / "ix", verify=True).changed == 1


def test_an_update_picks_up_a_new_changed_or_removed_correction_file(corpus, tmp_path):
    """A correction file changes its article's values; the update re-analyses that article only,
    and publishes what a rebuild would."""
    index_dir = tmp_path / "ix"
    indexing.rebuild([corpus], index_dir)
    article = sorted(corpus.glob("*.txt"))[1]
    sidecar = article.with_name(article.stem + ".meta.json")
    overrides = corpus / "extra.overrides.json"

    def stored() -> tuple:
        with whoosh_index.open_dir(str(generations.current(index_dir))).reader() as reader:
            by_id = {fields["id"]: fields for _, fields in reader.iter_docs()}
        return by_id[article.stem]["title"], by_id[article.stem]["speaker"], by_id["x1"].get("date")

    title, speakers, _ = stored()
    steps = [
        (lambda: sidecar.write_text('{"title": "Titre corrigé", "speakers": []}'), ("Titre corrigé", [], None), 1),
        (lambda: sidecar.write_text('{"title": "Titre revu"}'), ("Titre revu", speakers, None), 1),
        (lambda: overrides.write_text('{"x1": {"date": "2021-06-01"}}'), ("Titre revu", speakers, "2021-06-01"), 1),
        (lambda: (sidecar.unlink(), overrides.unlink()), (title, speakers, None), 2),
    ]
    for number, (edit, expected, changed) in enumerate(steps):
        edit()
        report = indexing.update([corpus], index_dir)
        assert (report.changed, report.added, report.unchanged, stored()) == (changed, 0, 16 - changed, expected)
        indexing.rebuild([corpus], tmp_path / f"rebuilt{number}")
        assert snapshot(index_dir) == snapshot(tmp_path / f"rebuilt{number}")


WORDS = (
    "ingérence russe chinoise climat sommet Sotchi Washington Pékin élection accord sanctions gaz "
    "ministre diplomatie frontière réfugiés budget nucléaire pétrole marché grève tribunal"
).split()
SPEAKERS = ["Mike Pompeo", "Sergueï Lavrov", "Wang Yi", "Angela Merkel"]
COUNTRIES = ["Russie", "Chine", "France", "États-Unis", "Belgique"]


def random_article(rng, article_id: str) -> dict:
    article = dict(
        id=article_id,
        title=" ".join(rng.choices(WORDS, k=rng.randint(1, 5))).capitalize(),
        text=" ".join(rng.choices(WORDS, k=rng.randint(3, 60))) + ".",
        date=f"{rng.randint(2015, 2021)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if rng.random() < 0.8 else None,
        speakers=rng.sample(SPEAKERS, rng.randint(0, 2)),
        countries=rng.sample(COUNTRIES, rng.randint(0, 2)),
    )
    # quotations taken from the text, without drawing from `rng` (the edits stay those of before)
    words = article["text"].rstrip(".").split()
    speaker = article["speakers"][0] if article["speakers"] else None
    article["quotes"] = [
        {"speaker": speaker, "text": " ".join(words[start : start + 3])} for start in range(1, len(words) - 3, 20)
    ]
    return article


def random_change(rng, root, serial: list[int]) -> None:
    """One random edit of a corpus of JSONL files: a file added or removed, articles added, changed
    (text, facets, date) or removed, a whole file rewritten with its articles shuffled."""
    files = sorted(root.glob("*.jsonl"))

    def new_id():
        serial[0] += 1
        return f"r{serial[0]}"

    action = rng.choice(["add file", "add", "change", "remove", "remove file", "shuffle"] if files else ["add file"])
    if action == "add file":
        articles = [random_article(rng, new_id()) for _ in range(rng.randint(1, 6))]
        (root / f"f{serial[0]:04d}.jsonl").write_text("".join(line(**a) + "\n" for a in articles), encoding="utf-8")
        return
    path = rng.choice(files)
    articles = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    if action == "remove file" or (action == "remove" and len(articles) == 1):
        if len(files) > 1:  # never an empty corpus
            path.unlink()
        return
    if action == "add":
        articles.insert(rng.randint(0, len(articles)), random_article(rng, new_id()))
    elif action == "change":
        for n in rng.sample(range(len(articles)), rng.randint(1, len(articles))):
            articles[n] = random_article(rng, articles[n]["id"])
    elif action == "remove":
        del articles[rng.randrange(len(articles))]
    else:
        rng.shuffle(articles)
    path.write_text("".join(line(**a) + "\n" for a in articles), encoding="utf-8")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_updates_with_merges_equal_rebuilds(tmp_path, seed, monkeypatch):
    """After each of many random updates (with merges, made frequent here), the updated index holds
    what a rebuild of the same corpus holds, and ranks and counts facets the same."""
    monkeypatch.setattr(indexing.merges, "FACTOR", 3)
    monkeypatch.setattr(indexing.merges, "FLOOR", 4)
    rng = random.Random(seed)
    root, updated = tmp_path / "corpus", tmp_path / "updated"
    root.mkdir()
    serial = [0]
    for _ in range(3):
        random_change(rng, root, serial)
    indexing.rebuild([root], updated)
    segments = set()
    for step in range(12):
        random_change(rng, root, serial)
        report = indexing.update([root], updated)
        rebuilt = tmp_path / f"rebuilt{step}"
        indexing.rebuild([root], rebuilt)
        assert snapshot(updated) == snapshot(rebuilt), step
        assert results(updated) == results(rebuilt), step
        segments.add(report.segments)
        shutil.rmtree(rebuilt)
    assert max(segments) > 1 and min(segments) <= 2  # segments were added, and merged


def segment_files(generation, index: str = "MAIN") -> dict[str, int]:
    """The segment files of a generation's articles (or its quotations'), with their inodes."""
    return {path.name: path.stat().st_ino for path in generation.glob(f"{index}_*.seg")}


def test_an_update_links_the_live_segments_adds_one_and_records_deletions(corpus, tmp_path, runner):
    index_dir = tmp_path / "ix"
    indexing.rebuild([corpus], index_dir)
    first = generations.current(index_dir)
    (corpus / "new.jsonl").write_text(line(id="n1", text="Un article arrivé ce matin.") + "\n", encoding="utf-8")
    edited = sorted(corpus.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nUn ajout.", encoding="utf-8")
    report = indexing.update([corpus], index_dir)
    second = generations.current(index_dir)
    assert (report.added, report.changed, report.segments) == (1, 1, 2)
    assert segment_files(first).items() < segment_files(second).items()  # the same files: linked, not copied
    quoted = [segment_files(generation, QUOTES) for generation in (first, second)]
    assert all(quoted[1].get(name, number) == number for name, number in quoted[0].items())  # the quotations' too
    with whoosh_index.open_dir(str(second)).reader() as reader:
        sizes = [(segment.size, len(segment.deleted)) for segment in toc.segments(reader)]
    assert sizes == [(16, 1), (2, 0)]  # the changed article's old version is deleted
    os.unlink(sorted(corpus.glob("*.txt"))[-1])
    report = indexing.update([corpus], index_dir)
    third = generations.current(index_dir)
    assert (report.removed, report.segments) == (1, 2)
    assert segment_files(third) == segment_files(second)  # deletions only: no segment written
    with whoosh_index.open_dir(str(third)).reader() as reader:
        assert [len(segment.deleted) for segment in toc.segments(reader)] == [2, 0]
    stats = runner.invoke(main, ["index", "stats", "--index-dir", str(index_dir)]).output
    assert "Articles : 16\nSegments : 2 (2 article(s) supprimé(s) en attente de fusion)\n" in stats
    (corpus / "new.jsonl").unlink()
    report = indexing.update([corpus], index_dir)
    fourth = generations.current(index_dir)
    written = set(segment_files(fourth)) - set(segment_files(third))
    merged = set(segment_files(third)) - set(segment_files(fourth))
    assert len(written) == len(merged) == 1  # the small segment, half deleted, merged into a new one
    with whoosh_index.open_dir(str(fourth)).reader() as reader:
        assert [(segment.size, len(segment.deleted)) for segment in toc.segments(reader)] == [(16, 2), (1, 0)]
    assert generations.damage(fourth) == []


def test_a_file_that_gave_a_problem_and_vanished_loses_its_articles(corpus, tmp_path):
    (corpus / "mixed.jsonl").write_text(line(id="ok", text="Un bon article.") + "\n{pas du json\n", encoding="utf-8")
    indexing.rebuild([corpus], tmp_path / "ix")
    assert generations.read_sources(generations.current(tmp_path / "ix"))[str(corpus / "mixed.jsonl")] is None
    (corpus / "mixed.jsonl").unlink()
    report = indexing.update([corpus], tmp_path / "ix")
    assert (report.removed, report.unchanged, report.problems) == (1, 16, [])
    indexing.rebuild([corpus], tmp_path / "rebuilt")
    assert snapshot(tmp_path / "ix") == snapshot(tmp_path / "rebuilt")
