"""The bulk segment writer: the index it writes is the one Whoosh's own `add_document` writes,
whether the postings are encoded in one part or many, in one process or several."""

from collections import Counter
from io import BytesIO

import numpy as np
import pytest
from conftest import PRESS, RELEVANCE, SAMPLES
from test_update import change, corpus, results, snapshot  # noqa: F401 (corpus: a fixture)
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3PostingsWriter, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.util.numeric import byte_to_length

from searchapp import generations, indexing
from searchapp.analysis import tokens
from searchapp.codec import batches, blocks, segments
from searchapp.ingest.articles import ArticleError, build
from searchapp.ingest.corpus import Source, find_files, read_sources
from searchapp.schema import QUOTES, build_quote_schema, build_schema, lexicon_words, quote_documents, to_document

CORPUS = [SAMPLES, PRESS, RELEVANCE]


def whoosh_build(paths, index_dir):
    """The reference: every usable article through Whoosh's `add_document`, with its lexicon words
    counted one by one, and their quotations, as a published generation."""
    generation = index_dir / "gen-reference"
    generation.mkdir(parents=True)
    writer = whoosh_index.create_in(str(generation), build_schema()).writer()
    quote_writer = whoosh_index.create_in(str(generation), build_quote_schema(), indexname=QUOTES).writer()
    seen = set()
    words = Counter()
    for source in read_sources(find_files(paths)[0]):
        if isinstance(source, Source) and source.id not in seen:
            try:
                article = build(source)
            except ArticleError:
                continue
            document = to_document(article, source.digest)
            writer.add_document(**document)
            for quote in quote_documents(article):
                quote_writer.add_document(**quote)
            words.update(lexicon_words(document))
            seen.add(source.id)
    writer.commit()
    quote_writer.commit()
    generations.write_lexicon(generation, words)
    (index_dir / generations.CURRENT).write_text(generation.name + "\n", encoding="utf-8")


@pytest.mark.parametrize("jobs, task_postings", [(1, segments.TASK_POSTINGS), (1, 40), (1, 1), (2, 300)])
def test_the_bulk_segment_is_whooshs_own(tmp_path, monkeypatch, jobs, task_postings):
    monkeypatch.setattr(segments, "TASK_POSTINGS", task_postings)  # many parts: term ranges cut everywhere
    report = indexing.rebuild(CORPUS, tmp_path / "ours", jobs=jobs)
    whoosh_build(CORPUS, tmp_path / "whoosh")
    assert report.indexed == 20
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "whoosh")
    assert results(tmp_path / "ours") == results(tmp_path / "whoosh")


def test_several_processes_build_the_index_of_one(tmp_path):
    one = indexing.rebuild(CORPUS, tmp_path / "one", jobs=1)
    two = indexing.rebuild(CORPUS, tmp_path / "two", jobs=2)
    assert [str(p) for p in one.problems] == [str(p) for p in two.problems]
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert results(tmp_path / "one") == results(tmp_path / "two")
    with whoosh_index.open_dir(str(generations.current(tmp_path / "two"))).reader() as reader:
        assert reader.is_atomic()  # one segment


def test_an_update_in_several_processes_equals_a_rebuild(corpus, tmp_path):  # noqa: F811 (the fixture)
    indexing.rebuild([corpus], tmp_path / "updated", jobs=2)
    change(corpus)
    report = indexing.update([corpus], tmp_path / "updated", jobs=2)
    indexing.rebuild([corpus], tmp_path / "rebuilt", jobs=1)
    assert (report.added, report.changed, report.unchanged, report.removed) == (6, 2, 10, 4)
    assert snapshot(tmp_path / "updated") == snapshot(tmp_path / "rebuilt")


def whoosh_postings(postings, fieldobj, lengths, limit):
    """Whoosh's own `W3PostingsWriter` output for `postings` (per term: (document, weight, value)
    triples): each term's decoded blocks and term info statistics."""
    stream = StructFile(BytesIO())
    writer = W3PostingsWriter(stream, limit, compression=1, inlinelimit=0)
    found = []
    for rows in postings:
        start = stream.tell()
        writer.start_postings(fieldobj.format, W3TermInfo())
        for doc, weight, value in rows:
            writer.add_posting(doc, weight, value, byte_to_length(lengths[doc]))
        info = writer.finish_postings()
        found.append((start, info))
    data = stream.file.getvalue()
    return [
        (list(blocks.read_blocks(data[start : start + info.extent()[1]])), statistics(info)) for start, info in found
    ]


def statistics(info):
    return (
        info.weight(),
        info.doc_frequency(),
        info.min_length(),
        info.max_length(),
        info.max_weight(),
        info.min_id(),
        info.max_id(),
    )


def test_encoded_postings_read_back_as_whooshs_own():
    """Every pickled width: ids of 1, 2 and 4 bytes, weights all 1.0, all equal or not, short and long values."""
    postings = [
        [
            (0, 1.0, b"a"),
            (5, 2.5, b"bc"),
            (300, 1.0, b"x" * 300),
            (70_000, 3.0, b"d"),
            (70_001, 1.0, b"e"),
            (200_000, 2.0, b"f" * 256),
        ],
        [(7, 1.0, b"g"), (8, 1.0, b"hh"), (9, 1.0, b"i")],
        [(1, 2.0, b"j"), (2, 2.0, b"k"), (3, 2.0, b"l"), (4, 2.0, b"m"), (65_536, 2.0, b"n")],
    ]
    lengths = np.random.default_rng(1).integers(1, 256, 200_001).astype(np.uint8)
    rows = [row for term in postings for row in term]
    values = [value for _, _, value in rows]
    run = blocks.Run(
        np.arange(len(postings)),
        np.array([len(term) for term in postings]),
        np.array([doc for doc, _, _ in rows], dtype=np.int32),
        np.array([weight for _, weight, _ in rows], dtype=np.float32),
        b"".join(values),
        np.cumsum([len(value) for value in values]),
    )
    encoded, infos = blocks.encode_postings(([run], len(postings), lengths, True, 4, 1))
    size = len(infos) // len(postings)
    ours = []
    for info in (W3TermInfo.from_bytes(infos[n : n + size]) for n in range(0, len(infos), size)):
        offset, (length,) = info.extent()
        ours.append((list(blocks.read_blocks(encoded[offset : offset + length])), statistics(info)))
    assert ours == whoosh_postings(postings, build_schema()["body"], lengths, 4)


def test_the_token_table_emptied_between_batches_changes_nothing(tmp_path, monkeypatch):
    reference = indexing.rebuild(CORPUS, tmp_path / "reference", jobs=1)
    everything = len(tokens.TOKENS.numbers)
    monkeypatch.setattr(indexing.build, "BATCH_BYTES", 2_000)  # many batches
    monkeypatch.setattr(tokens, "MAX_CACHED_TOKENS", 50)  # the table emptied before almost every one
    trimmed = indexing.rebuild(CORPUS, tmp_path / "trimmed", jobs=1)
    assert len(tokens.TOKENS.numbers) < everything / 2
    assert trimmed.indexed == reference.indexed
    assert snapshot(tmp_path / "trimmed") == snapshot(tmp_path / "reference")


def test_per_document_files_of_any_schema_are_whooshs_own(tmp_path):
    """Columns of other types, documents without a value (before, between and after others) and
    fields first met in a later document: the column files and field totals Whoosh writes."""
    schema = fields.Schema(
        key=fields.ID(stored=True, sortable=True),
        rank=fields.NUMERIC(sortable=True),
        note=fields.TEXT(stored=True),
        text=fields.TEXT,
    )
    documents = [
        dict(text="un deux"),
        dict(key="b", rank=3, note="trois", text="trois quatre cinq"),
        dict(key="a", note="six"),
        dict(rank=-1, text="sept"),
        dict(note="huit"),
    ]
    ours = whoosh_index.create_in(str(tmp_path), schema, indexname="ours").writer()
    builder = segments.SegmentBuilder(ours)
    for half in (documents[:2], documents[2:]):
        builder.add_batch(batches.invert_documents(schema, half))
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
