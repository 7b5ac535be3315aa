"""The web layer: the Flask application factory (`app`), its views, where every URL is built
(`views`), gunicorn's settings and the static files.

May import: search, facets, display, settings.
"""
