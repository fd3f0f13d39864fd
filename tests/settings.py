"""Settings for the test suite: the site's own settings in local mode, plus test speed-ups."""

import os

os.environ.setdefault("DJANGO_LOCAL", "true")
os.environ["DJANGO_DEBUG"] = "false"

import dj_database_url

from interviewprep.settings import *  # noqa: F403
from interviewprep.settings import DATABASES

# `make test` runs the database tests a second time against PostgreSQL when this is set.
if os.environ.get("TEST_DATABASE_URL"):
    DATABASES["default"] = dj_database_url.parse(os.environ["TEST_DATABASE_URL"])

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The content version in this process's memory, not in var/cache beside `make run`'s.
CACHES = {
    **CACHES,  # noqa: F405
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
# Tasks run at once, inside the request, so a test sees their mail in mail.outbox
# (tests/accounts/test_throttles.py runs the real database queue and worker).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
