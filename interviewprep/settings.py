"""Settings for the interview-prep site, driven by environment variables.

Production is the default: DEBUG is off and a secret key and allowed hosts must be given.
`DJANGO_LOCAL=true` (set by `make run` and the test settings) switches to local defaults:
a secret key generated into var/, localhost hosts and plain-HTTP cookies.
"""

import os
import secrets
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"true", "1", "yes", "on"}:
        return True
    if value.lower() in {"false", "0", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name: str, *, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def private_file(path: Path) -> Path:
    """`path`, created empty and readable by its owner only if it does not exist yet."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return path


def local_secret_key() -> str:
    """Read the secret key kept in var/, creating it (owner-only) on first use."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        private_file(path).write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


LOCAL = env_bool("DJANGO_LOCAL", default=False)
DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not LOCAL:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (and DJANGO_ALLOWED_HOSTS) in production, "
            "or set DJANGO_LOCAL=true to run locally with a key generated in var/."
        )
    SECRET_KEY = local_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not LOCAL:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set: give the site's host names, comma-separated."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so its registration/ templates take the place of the admin's.
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "markdownx",
    "questions",
    "study",
    "search",
    "axes",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "interviewprep.middleware.RequestSizeLimitMiddleware",
    "interviewprep.middleware.PrivatePagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "interviewprep.urls"
WSGI_APPLICATION = "interviewprep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "study.context_processors.due_count",
                "questions.context_processors.fragments",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that accepts connections but never answers fails a request after this long
    # instead of holding a worker thread until gunicorn kills it (2 s is libpq's minimum).
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DJANGO_DB_CONNECT_TIMEOUT", default=2
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Learners' data: the file (and the -wal and -shm files SQLite gives the same mode) is
    # readable by its owner only.
    if DATABASES["default"]["NAME"] != ":memory:":
        private_file(Path(DATABASES["default"]["NAME"]))
    # WAL lets readers and one writer work side by side; IMMEDIATE takes the write lock at BEGIN
    # so concurrent writers queue on the busy timeout instead of failing mid-transaction.
    # Connections persist as on PostgreSQL: closing the last connection to a WAL database
    # checkpoints it, which cost 2-3 ms on every request (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

DATABASE_ROUTERS = ["search.routers.SearchRouter"]
# Seconds one search may spend in the database before it stops with a message (search/deadline.py).
SEARCH_TIME_LIMIT = float(os.environ.get("DJANGO_SEARCH_TIME_LIMIT", "2"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "interviewprep",
    }
}
# "shared" holds what every worker process must agree on (the content version that keys the
# page cache), so it lives on disk by default, where gunicorn's workers and manage.py all see it.
CACHES["shared"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": VAR_DIR / "cache",
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis error is a cache miss (interviewprep/cache.py), and a Redis that hangs costs a
    # request at most these timeouts, then nothing for a couple of seconds.
    CACHES["default"] = {
        "BACKEND": "interviewprep.cache.ForgivingRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    CACHES["shared"] = CACHES["default"]
# Several instances (containers or hosts) share one database; what they must agree on beyond it
# (the content version behind the page cache, due counts) lives in the shared cache, which is a
# file under var/ on each instance unless REDIS_URL names one for all of them.
INSTANCES = env_int("DJANGO_INSTANCES", default=1)
if INSTANCES > 1 and not REDIS_URL:
    raise ImproperlyConfigured(
        f"DJANGO_INSTANCES is {INSTANCES} but REDIS_URL is not set: more than one instance "
        "needs a shared cache, or an admin edit shows late on the other instances."
    )
# Anonymous pages are cached this long at most; a content change expires them at once.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", default=60)
# The parts of a page that are the same for every learner (a question's row, its answer) are
# kept in each process's memory, keyed on the shared content version, and rendered afresh after a
# content change (templates' `{% cache fragment_seconds ... content_version using="fragments" %}`).
# In memory, not in Redis: a page holds up to 20 of them and each would be a round trip.
FRAGMENT_CACHE_SECONDS = 600
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The Docker image collects them outside var/, so a volume mounted there cannot hide them.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Security headers. Strict CSP: no inline script or style anywhere, no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A body over 1 MiB is refused with 413 (interviewprep.middleware), except on the one upload:
# "Your data" import, which takes a JSON file of up to DATA_IMPORT_MAX_SIZE.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_IMPORT_MAX_SIZE = env_int("DJANGO_DATA_IMPORT_MAX_SIZE", default=5 * 1024 * 1024)

HTTPS = env_bool("DJANGO_HTTPS", default=not LOCAL)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
# The reverse proxies' addresses or networks: X-Forwarded-For is believed only from them
# (interviewprep/middleware.client_ip); gunicorn.conf.py gives gunicorn the same list.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
if BEHIND_PROXY:
    if not TRUSTED_PROXIES:
        raise ImproperlyConfigured(
            "DJANGO_BEHIND_PROXY is true but DJANGO_TRUSTED_PROXIES is empty: give the proxy's "
            "addresses (comma-separated, networks allowed), e.g. 127.0.0.1."
        )
    try:
        for proxy in TRUSTED_PROXIES:
            ip_network(proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {exc}") from exc
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sessions live in the database only: a log-out in one worker or instance ends the session in
# all of them, with or without Redis, and a Redis outage logs nobody out. (A cached session
# saved one primary-key query per logged-in page, but a log-out during a Redis outage would
# have left the session alive in Redis for its whole lifetime.)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Brute force: 5 failed log-ins for one username from one address lock that pair out for 15 minutes
# (django-axes); 20 failures from one address, whatever the usernames, pause log-ins from it
# (accounts.backends). Both only refuse; Django's ModelBackend does the authenticating.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AddressThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "interviewprep.middleware.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Console mail locally; SMTP from the environment in production (Django 6.1 MAILERS).
if os.environ.get("DJANGO_EMAIL_HOST") or not LOCAL:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", default=587),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Mail leaves from a worker, not from inside a request: tasks wait in the database until
# `manage.py db_worker` (started by `make run`, a service of its own in compose.yaml) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MARKDOWNX_MARKDOWNIFY_FUNCTION = "questions.markdown.render_markdown"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
