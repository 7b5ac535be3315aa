"""search.article.load: the article with the query's words marked, its facet values as searches, similar articles."""

from searchapp.search import article as article_page
from searchapp.search.article import Piece, Quoted
from searchapp.search.request import SearchRequest


def test_article_page_marks_links_and_finds_similar_articles(press_catalog):
    came_from = SearchRequest(
        q="ingerence", filters=(("country", ("Chine",)),), ranges=(("year", 2019, None),), sort="oldest", page=2
    )
    page = article_page.load(press_catalog, "a1", came_from)
    assert page.title == "<mark>Ingérence</mark> russe : Washington hausse le ton"
    # The quotation is a piece of its own, with its anchor and the search of its speaker's quotations.
    assert page.paragraphs[1] == (
        Piece("« "),
        Piece(
            "Nous ne tolérerons aucune <mark>ingérence</mark>",
            Quoted("citation-1", "Mike Pompeo", SearchRequest(filters=(("speaker", ("Mike Pompeo",)),))),
            " »",
        ),
        Piece(", a déclaré Mike Pompeo devant la presse."),
    )
    assert (page.date, page.source, page.link) == ("2019-05-14", "AFP", None)
    # Each value starts a search for it alone, keeping the query and the sort.
    assert [
        (group.facet.key, [(label, search.to_params()) for label, search in group.links]) for group in page.facets
    ] == [
        ("speaker", [("Mike Pompeo", [("q", "ingerence"), ("speaker", "Mike Pompeo"), ("sort", "oldest")])]),
        (
            "country",
            [
                (label, [("q", "ingerence"), ("country", label), ("sort", "oldest")])
                for label in ("États-Unis", "Russie")
            ],
        ),
        ("year", [("2019", [("q", "ingerence"), ("year", "2019"), ("sort", "oldest")])]),
        ("topic", [("Élections", [("q", "ingerence"), ("topic", "Élections"), ("sort", "oldest")])]),
    ]
    similar = [related.id for related in page.similar]
    assert "a1" not in similar and similar[:2] in (["a3", "a4"], ["a4", "a3"])


def test_undated_article_links_to_the_undated_bucket(press_catalog):
    page = article_page.load(press_catalog, "a7", SearchRequest())
    year = next(group for group in page.facets if group.facet.key == "year")
    assert [(label, search.to_params()) for label, search in year.links] == [("Date inconnue", [("year", "none")])]
    assert not any(group.facet.key == "speaker" for group in page.facets)  # no speaker: no row


def test_unknown_article_is_none(press_catalog):
    assert article_page.load(press_catalog, "nope", SearchRequest()) is None
