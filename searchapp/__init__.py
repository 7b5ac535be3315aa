"""Presse·recherche: a French press search engine with faceted browsing.

The package reads as the data flow, one subpackage per layer:

    ingest/     corpus files → `Article` (decoding, page layout, metadata)
    analysis/   the French analysis chain, its indexing fast path, the highlighting matcher
    codec/      the fence: everything that reads or writes Whoosh 2.7.4's private formats
    indexing/   rebuild and update a generation: worker processes, the code version
    search/     an open generation: parse, score, count facets, highlight → `SearchPage`
    web/        the Flask application, its views, gunicorn's settings, static files
    bench/      evaluation, reference engines, benchmarks

and, at the top, what several layers share: `facets` (the one declaration of
the facets), `schema` (the Whoosh schema and the article → document mapping),
`generations` (the index directory), `display` (French numbers and dates),
`settings` (where the corpus and the index live) and `cli` (the command).
Data flows one way: file → ingest → schema (analysis) → indexing (codec) →
index/ ; request → search (codec) → web or cli. The core never imports Flask.
"""
