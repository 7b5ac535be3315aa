"""The French analysis: one chain for indexing, querying and highlighting (`french`), its
indexing fast path (`tokens`) and the highlighting matcher (`spans`).

May import: snowballstemmer, unidecode, Whoosh's public analysis API; nothing else of searchapp.
"""
