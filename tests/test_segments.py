"""The bulk segment writer: the index it writes is the one Whoosh's own `add_document` writes,
whether the postings are encoded in one part or many, in one process or several."""

import pytest
from whoosh import fields
from whoosh import index as whoosh_index

from searchapp import generations, indexer, inversion, segments
from searchapp.articles import ArticleError, build
from searchapp.corpus import Source, find_files, read_sources
from searchapp.schema import build_schema, to_document

from conftest import PRESS, RELEVANCE, SAMPLES
from test_update import change, corpus, results, snapshot  # noqa: F401 (corpus: a fixture)

CORPUS = [SAMPLES, PRESS, RELEVANCE]


def whoosh_build(paths, index_dir):
    """The reference: every usable article through Whoosh's `add_document`, as a published generation."""
    generation = index_dir / "gen-reference"
    generation.mkdir(parents=True)
    writer = whoosh_index.create_in(str(generation), build_schema()).writer()
    seen = set()
    for source in read_sources(find_files(paths)[0]):
        if isinstance(source, Source) and source.id not in seen:
            try:
                writer.add_document(**to_document(build(source), source.digest))
            except ArticleError:
                continue
            seen.add(source.id)
    writer.commit()
    (index_dir / generations.CURRENT).write_text(generation.name + "\n", encoding="utf-8")


@pytest.mark.parametrize("jobs, task_postings", [(1, segments.TASK_POSTINGS), (1, 40), (1, 1), (2, 300)])
def test_the_bulk_segment_is_whooshs_own(tmp_path, monkeypatch, jobs, task_postings):
    monkeypatch.setattr(segments, "TASK_POSTINGS", task_postings)  # many parts: term ranges cut everywhere
    report = indexer.rebuild(CORPUS, tmp_path / "ours", jobs=jobs)
    whoosh_build(CORPUS, tmp_path / "whoosh")
    assert report.indexed == 20
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "whoosh")
    assert results(tmp_path / "ours") == results(tmp_path / "whoosh")


def test_several_processes_build_the_index_of_one(tmp_path):
    one = indexer.rebuild(CORPUS, tmp_path / "one", jobs=1)
    two = indexer.rebuild(CORPUS, tmp_path / "two", jobs=2)
    assert [str(p) for p in one.problems] == [str(p) for p in two.problems]
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert results(tmp_path / "one") == results(tmp_path / "two")
    with whoosh_index.open_dir(str(generations.current(tmp_path / "two"))).reader() as reader:
        assert reader.is_atomic()  # one segment


def test_an_update_in_several_processes_equals_a_rebuild(corpus, tmp_path):
    indexer.rebuild([corpus], tmp_path / "updated", jobs=2)
    change(corpus)
    report = indexer.update([corpus], tmp_path / "updated", jobs=2)
    indexer.rebuild([corpus], tmp_path / "rebuilt", jobs=1)
    assert (report.added, report.changed, report.unchanged, report.removed) == (6, 2, 10, 4)
    assert snapshot(tmp_path / "updated") == snapshot(tmp_path / "rebuilt")


def test_per_document_files_of_any_schema_are_whooshs_own(tmp_path):
    """Columns of other types, documents without a value (before, between and after others) and
    fields first met in a later document: the column files and field totals Whoosh writes."""
    schema = fields.Schema(key=fields.ID(stored=True, sortable=True), rank=fields.NUMERIC(sortable=True),
                           note=fields.TEXT(stored=True), text=fields.TEXT)
    documents = [dict(text="un deux"), dict(key="b", rank=3, note="trois", text="trois quatre cinq"),
                 dict(key="a", note="six"), dict(rank=-1, text="sept"), dict(note="huit")]
    ours = whoosh_index.create_in(str(tmp_path), schema, indexname="ours").writer()
    builder = segments.SegmentBuilder(ours)
    for half in (documents[:2], documents[2:]):
        builder.add_batch(inversion.invert(schema, half))
        for n in range(len(half)):
            builder.add(n)
    builder.finish()
    ours.commit()
    theirs = whoosh_index.create_in(str(tmp_path), schema, indexname="theirs").writer()
    for document in documents:
        theirs.add_document(**document)
    theirs.commit()
    assert per_document_files(tmp_path, "ours") == per_document_files(tmp_path, "theirs")


def per_document_files(directory, indexname: str) -> tuple[dict, list]:
    """The bytes of each column file of the index's one segment, and its field totals in order."""
    ix = whoosh_index.open_dir(str(directory), indexname=indexname)
    (segment,) = ix._segments()
    files = segment.open_compound_file(ix.storage)
    columns = {name.split(".", 1)[1]: files.open_file(name).read() for name in files.list() if name.endswith(".col")}
    return columns, list(segment._fieldlengths.items())
