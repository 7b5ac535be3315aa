"""The bulk segment writer: the index it writes is the one Whoosh's own `add_document` writes,
whether the postings are encoded in one part or many, in one process or several."""

from collections import Counter

import pytest
from whoosh import index as whoosh_index

from searchapp import generations, indexer, lexicon, segments
from searchapp.articles import ArticleError, build
from searchapp.corpus import Source, find_files, read_sources
from searchapp.schema import build_schema, lexicon_words, to_document

from conftest import PRESS, RELEVANCE, SAMPLES
from test_update import change, corpus, results, snapshot  # noqa: F401 (corpus: a fixture)

CORPUS = [SAMPLES, PRESS, RELEVANCE]


def whoosh_build(paths, index_dir):
    """The reference: every usable article through Whoosh's `add_document`, with its lexicon words
    counted one by one, as a published generation."""
    generation = index_dir / "gen-reference"
    generation.mkdir(parents=True)
    writer = whoosh_index.create_in(str(generation), build_schema()).writer()
    seen = set()
    words = Counter()
    for source in read_sources(find_files(paths)[0]):
        if isinstance(source, Source) and source.id not in seen:
            try:
                document = to_document(build(source), source.digest)
            except ArticleError:
                continue
            writer.add_document(**document)
            words.update(lexicon_words(document))
            seen.add(source.id)
    writer.commit()
    lexicon.save(generation, words)
    (index_dir / generations.CURRENT).write_text(generation.name + "\n", encoding="utf-8")


@pytest.mark.parametrize("jobs, task_postings", [(1, segments.TASK_POSTINGS), (1, 40), (2, 300)])
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
