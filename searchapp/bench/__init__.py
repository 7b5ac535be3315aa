"""Measurement: known-item evaluation, reference engines (Tantivy, SQLite FTS5, plain Whoosh),
the corpus benchmark beside them, extraction speed, the HTTP load test.

May import: anything of searchapp.
"""
