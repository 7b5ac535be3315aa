"""Ingest: corpus files → `Source` (decoding, validation, problems) → `Article` (headline, clean
text, date, speakers, countries, topics, with the data files of `metadata/data/`).

May import: the standard library, unidecode; nothing else of searchapp.
"""
