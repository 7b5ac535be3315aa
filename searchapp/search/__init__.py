"""Search: an open generation (`catalog`), the query parser and lexicon, BM25F scoring over
posting arrays, facet tables, highlighting, and the answers (`engine.run` → `results.SearchPage`,
the article page). Flask-free.

May import: analysis, codec, schema, facets, generations.
"""
