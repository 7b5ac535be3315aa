"""The Flask application factory: configuration, catalog, errors, security headers."""

from __future__ import annotations

import contextlib
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .. import display, settings
from ..search.catalog import LiveCatalog, NoIndex
from ..search.quotations import NoQuotations
from ..search.request import InvalidRequest
from . import takeaway
from .views import CATALOG, bp

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
MAX_BODY_BYTES = 16 * 1024  # every view is a GET: a body is never needed

ERROR_MESSAGES = {
    400: ("Requête invalide", "La requête n'a pas pu être comprise."),
    404: ("Page introuvable", "Cette page ou cet article n'existe pas."),
    405: ("Méthode non autorisée", "Cette adresse se consulte seulement (GET)."),
    413: ("Requête trop volumineuse", "La requête dépasse la taille autorisée."),
    500: ("Erreur interne", "Une erreur inattendue s'est produite ; elle a été consignée."),
}


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app; with no argument the index comes from `SEARCHAPP_INDEX_DIR`."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(
        INDEX_DIR=str(settings.index_dir()), CATALOG_CHECK_SECONDS=1.0, MAX_CONTENT_LENGTH=MAX_BODY_BYTES
    )
    if test_config:
        app.config.update(test_config)
    app.extensions[CATALOG] = LiveCatalog(app.config["INDEX_DIR"], app.config["CATALOG_CHECK_SECONDS"])
    app.register_blueprint(bp)
    app.register_blueprint(takeaway.bp)
    app.add_template_filter(display.date, "date_fr")
    app.add_template_filter(display.number, "n")
    app.after_request(_secure)
    app.register_error_handler(InvalidRequest, lambda e: _error(400, "Requête invalide", str(e)))
    app.register_error_handler(NoIndex, lambda e: _error(503, "Index indisponible", str(e)))
    app.register_error_handler(NoQuotations, lambda e: _error(503, "Citations indisponibles", str(e)))
    app.register_error_handler(HTTPException, _http_error)
    return app


def open_catalog(app: Flask) -> None:
    """Open the live generation now rather than at the first request (none yet: nothing to do)."""
    with contextlib.suppress(NoIndex):
        app.extensions[CATALOG].get()


def _secure(response):
    response.headers.update(SECURITY_HEADERS)
    return response


def _http_error(error: HTTPException):
    """Every HTTP error, including unhandled exceptions (500, logged by Flask), as a page or JSON."""
    status = error.code or 500
    title, message = ERROR_MESSAGES.get(status, (error.name, "La requête n'a pas pu être traitée."))
    return _error(status, title, message)


def _error(status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return jsonify(error=title, message=message, status=status), status
    return render_template("error.html", title=title, message=message, status=status), status
