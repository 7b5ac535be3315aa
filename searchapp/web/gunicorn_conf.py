"""gunicorn settings (`gunicorn --config python:searchapp.web.gunicorn_conf wsgi:app`), from the environment.

Sync workers answer one request at a time, so a worker never closes an index
generation under a running search; a worker silent for `timeout` seconds is
killed and replaced. A worker is also replaced after `max_requests` requests
(plus a random jitter, so that workers are not replaced together): whatever
a long run leaves in its memory is given back. A new worker opens the live
generation before it takes its first request (`post_worker_init`). Request
lines and headers are bounded here; request bodies are refused by the app
(every view is a GET).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = max(1, int(os.environ.get("WEB_CONCURRENCY", "2")))
worker_class = "sync"
# a worker streaming an export is silent until its last row: 100,000 rows take about 25 s here
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 10  # seconds a stopping or recycled worker has to finish its request
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 10)))
limit_request_line = 8190  # the longest URL gunicorn accepts at all
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = "-"
control_socket_disable = True  # gunicorn ≥ 25.1 would open a management socket in $HOME


def post_worker_init(worker) -> None:
    from searchapp.web.app import open_catalog

    open_catalog(worker.wsgi)
