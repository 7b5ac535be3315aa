"""The numpy scorer and its posting cache against Whoosh itself: same matches, same scores, same ranking."""

import random
from collections import Counter

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.matching import DisjunctionMaxMatcher

from searchapp import generations, indexing
from searchapp.schema import build_schema, lexicon_words
from searchapp.search import scoring
from searchapp.search.catalog import Catalog
from searchapp.search.postingcache import PostingCache

WORDS = (
    "salarié salariée salariés employeur contrat travail durée période essai congé payé licenciement "
    "économique indemnité convention collective comité social entreprise accord branche prime "
    "ancienneté retraite formation apprentissage nuit heure repos cadre"
).split()
COUNTRIES = ("France", "Russie", "Chine")
QUERIES = [
    "salarié",
    "travail",
    "contrat de travail",
    "salarié employeur contrat",
    "congé payé ancienneté",
    '"contrat de travail"',
    '"durée du travail"',
    '"comité social entreprise"',
    "« période d'essai » cadre",
    "travail -salarié",
    "travail AND contrat",
    "(travail OR prime) AND nuit",
    "titre:travail",
    "pays:russie travail",
    "travail^3 contrat",
    "nuit OR repos OR heure OR cadre OR prime",
    "mot inconnu",
    '"salarié absent"',
    "salarie",
    "salarie conge paye",
    "salaries -cadre",
    "indemnite AND licenciement",
]


def dismax_score_at_the_document(self):
    """`DisjunctionMaxMatcher.score` as documented: the highest score of the parts on the current document."""
    a, b = self.a, self.b
    if not b.is_active() or (a.is_active() and a.id() < b.id()):
        return a.score()
    if not a.is_active() or b.id() < a.id():
        return b.score()
    return max(a.score(), b.score())


@pytest.fixture(autouse=True)
def whoosh_dismax_fixed(monkeypatch):
    monkeypatch.setattr(DisjunctionMaxMatcher, "score", dismax_score_at_the_document)


def rows(count: int, seed: int = 3) -> list[dict]:
    """Articles of random words, lengths and repetitions (so that term frequencies and lengths vary)."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        phrase = rng.choice(["contrat de travail", "durée du travail", "comité social entreprise", "période d'essai"])
        body = " ".join(rng.choices(WORDS, k=rng.randint(5, 120))) + f". Le {phrase} s'applique."
        title = " ".join(rng.choices(WORDS, k=rng.randint(1, 6)))
        made.append(
            dict(
                id=f"d{i}", title=title, body=body, country=rng.sample(COUNTRIES, rng.randint(1, 2)), date_key=20200101
            )
        )
    return made


def write_index(path, batches) -> Catalog:
    """An index with one segment per batch of rows, and its lexicon."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    words = Counter()
    for batch in batches:
        writer = ix.writer()
        for row in batch:
            writer.add_document(**row)
            words.update(lexicon_words(row))
        writer.commit(merge=False)
    generations.write_lexicon(path, words)
    return Catalog(path)


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    made = rows(300)
    folder = tmp_path_factory.mktemp("scoring")
    one, two = write_index(folder / "one", [made]), write_index(folder / "two", [made[:170], made[170:]])
    assert len(list(two.searcher.reader().leaf_readers())) == 2
    yield one, two
    one.close()
    two.close()


def whoosh_scores(catalog: Catalog, parsed) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in catalog.searcher.search(parsed, limit=None)}


def numpy_scores(catalog: Catalog, parsed) -> dict[int, float]:
    scores = catalog.scorer.scores(parsed)
    assert scores is not None, parsed
    return {int(docnum): float(scores[docnum]) for docnum in np.flatnonzero(scores)}


@pytest.mark.parametrize("q", QUERIES)
def test_scores_are_whooshs_to_the_last_bit(catalogs, q):
    one, _ = catalogs
    parsed = one.parser.parse(q)
    assert numpy_scores(one, parsed) == whoosh_scores(one, parsed)


@pytest.mark.parametrize("q", QUERIES)
def test_scores_are_whooshs_when_whoosh_adds_in_a_tree(catalogs, q, monkeypatch):
    """Above 5,000 documents Whoosh adds an `Or`'s parts in a size-weighted tree, not in one running sum."""
    one, _ = catalogs
    monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
    monkeypatch.setattr(scoring, "_PRELOAD_MAX_DOCS", 0)
    parsed = one.parser.parse(q)
    assert numpy_scores(one, parsed) == whoosh_scores(one, parsed)


@pytest.mark.parametrize("q", QUERIES)
def test_two_segments_score_and_rank_like_one(catalogs, q):
    one, two = catalogs
    parsed = two.parser.parse(q)
    mine, theirs = numpy_scores(two, parsed), whoosh_scores(two, parsed)
    assert mine.keys() == theirs.keys()
    assert np.allclose([mine[d] for d in theirs], list(theirs.values()), rtol=1e-12, atol=0)
    assert numpy_scores(one, one.parser.parse(q)).keys() == mine.keys()
    scores = two.scorer.scores(parsed)
    ranked = [hit.docnum for hit in two.searcher.search(parsed, limit=20)]
    assert scoring.top(scores, scores > 0, 0, 20) == ranked


def test_shapes_it_does_not_vectorise_are_left_to_whoosh(catalogs):
    one, _ = catalogs
    assert one.scorer.scores(one.parser.parse("ingér*")) is None
    assert one.scorer.scores(wq.DisjunctionMax([wq.Term("body", "travail")], tiebreak=0.1)) is None


def test_whoosh_dismax_matcher_scores_a_document_with_another_documents_score(catalogs, monkeypatch):
    """Why `DisjunctionMax` is scored as documented, not as Whoosh 2.7.4 does."""
    one, _ = catalogs
    monkeypatch.undo()  # Whoosh's own DisjunctionMaxMatcher.score
    parsed = wq.DisjunctionMax([wq.Term("body", "travail"), wq.Term("body", "nuit")])
    alone = whoosh_scores(one, wq.Term("body", "travail"))
    only_travail = set(alone) - set(whoosh_scores(one, wq.Term("body", "nuit")))
    theirs = whoosh_scores(one, parsed)
    assert any(theirs[d] != alone[d] for d in only_travail)
    assert all(numpy_scores(one, parsed)[d] == alone[d] for d in only_travail)


def test_phrase_matches_are_whooshs(catalogs):
    one, _ = catalogs
    for phrase in ("contrat travail", "comit social entrepris", "travail contrat", "travail travail"):
        parsed = wq.Phrase("body", phrase.split())
        found = set(np.flatnonzero(one.scorer.scores(parsed)).tolist())
        assert found == set(one.searcher.docs_for_query(parsed)), phrase


def test_top_breaks_ties_by_document_number_and_pages():
    scores = np.array([1.0, 3.0, 2.0, 3.0, 0.0, 2.0, 3.0])
    selected = scores > 0
    assert scoring.top(scores, selected, 0, 10) == [1, 3, 6, 2, 5, 0]
    assert scoring.top(scores, selected, 0, 2) == [1, 3]
    assert scoring.top(scores, selected, 2, 4) == [6, 2]
    assert scoring.top(scores, selected & (np.arange(7) != 3), 0, 3) == [1, 6, 2]
    assert scoring.top(scores, selected, 6, 8) == []


def test_postings_are_whooshs_postings(catalogs):
    _, two = catalogs
    reader = two.searcher.reader()
    cache = PostingCache(reader)
    fmt = two.searcher.schema["body"].format
    for term in (b"travail", b"salari", b"contrat"):
        ids, weights, positions = [], [], []
        for leaf, offset in reader.leaf_readers():
            matcher = leaf.postings("body", term)
            while matcher.is_active():
                ids.append(matcher.id() + offset)
                weights.append(matcher.weight())
                positions.append(fmt.decode_positions(matcher.value()))
                matcher.next()
        postings, found = cache.postings("body", term), cache.positions("body", term)
        assert postings.docs.tolist() == ids
        assert postings.weights.tolist() == weights
        assert [(found.keys[found.keys >> 32 == doc] & 0xFFFFFFFF).tolist() for doc in ids] == positions
        assert np.all(np.diff(found.keys) > 0)


def test_posting_cache_keeps_the_recently_used_within_its_budget(catalogs):
    one, _ = catalogs
    cache = PostingCache(one.searcher.reader(), budget=1)
    first = cache.postings("body", b"travail")
    assert cache.postings("body", b"travail") is first and cache.used == first.nbytes
    cache.postings("body", b"salari")
    assert cache.postings("body", b"travail") is not first  # evicted, read again
    cache.budget = 10**9
    kept = cache.postings("body", b"contrat")
    assert cache.postings("body", b"contrat") is kept


def test_a_new_generation_gets_a_new_cache(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    index_dir = tmp_path / "index"
    corpus.write_text('{"id": "a", "text": "Le contrat de travail du salarié."}\n', encoding="utf-8")
    indexing.rebuild([corpus], index_dir)
    old = Catalog(generations.current(index_dir))
    assert np.count_nonzero(old.scorer.scores(old.parser.parse("travail"))) == 1
    corpus.write_text(
        '{"id": "a", "text": "Le contrat de travail."}\n{"id": "b", "text": "Du travail."}\n', encoding="utf-8"
    )
    indexing.rebuild([corpus], index_dir)
    new = Catalog(generations.current(index_dir))
    assert new.scorer.postings is not old.scorer.postings
    assert np.count_nonzero(new.scorer.scores(new.parser.parse("travail"))) == 2
    old.close()
    new.close()
