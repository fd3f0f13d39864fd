"""How gunicorn serves the site, for `make run`, the Docker image, `make loadtest` and the tests.

Callers add --bind and --workers. docs/security.md explains the choices:
- worker threads (gthread): a client that trickles its request ties up one thread, not a
  whole worker, so a few slow sockets cannot starve /healthz and everyone else;
- --max-requests with jitter: each worker is replaced after about 20,000 requests, so
  memory a worker gathered is returned and the workers do not all restart at once;
- preload: workers are forked from one loaded app (loading it opens no database connection);
- no control socket: nothing here uses gunicornc, and every gunicorn on a host would share its
  one default path ($HOME/.gunicorn/gunicorn.ctl), so two instances would take it from each other;
- X-Forwarded-Proto and the like are honoured only from DJANGO_TRUSTED_PROXIES, the list Django
  believes X-Forwarded-For from (loopback when unset, gunicorn's own default).
"""

import os

worker_class = "gthread"
threads = 4
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
timeout = 30
graceful_timeout = 20
accesslog = "-"
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES") or "127.0.0.1,::1"
control_socket_disable = True
