"""WSGI entry point: `gunicorn wsgi:app`."""

from searchapp.app import create_app

app = create_app()
