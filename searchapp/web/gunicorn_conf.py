"""gunicorn settings (`gunicorn --config python:searchapp.web.gunicorn_conf wsgi:app`), from the environment.

Sync workers answer one request at a time, so a worker never closes an index
generation under a running search; a worker silent for `timeout` seconds is
killed and replaced. Request lines and headers are bounded here; request
bodies are refused by the app (every view is a GET).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = max(1, int(os.environ.get("WEB_CONCURRENCY", "2")))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
limit_request_line = 8190  # the longest URL gunicorn accepts at all
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = "-"
control_socket_disable = True  # gunicorn ≥ 25.1 would open a management socket in $HOME
