"""WSGI entry point: `gunicorn wsgi:app`."""

from searchapp.web.app import create_app

app = create_app()
