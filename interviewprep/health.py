"""`/healthz`: the database and the shared cache, each checked and reported, within a second.

    {"status": "ok" | "degraded" | "down", "database": "ok" | "down", "cache": "ok" | "down"}

200 while the database answers, even with the cache down (pages are still served, uncached):
"degraded". 503 when the database does not: "down". Each check runs in a thread of its own and
is abandoned after CHECK_SECONDS, whatever hangs; the thread itself ends soon after, bounded by
the database connect timeout (settings), the statement timeout below, and Redis's socket timeouts.
"""

import secrets
from concurrent.futures import Future, ThreadPoolExecutor, wait

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

CHECK_SECONDS = 0.8
STATEMENT_TIMEOUT_MS = 500
CACHE_KEY = "healthz"

checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)", [str(STATEMENT_TIMEOUT_MS)]
                )
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        # This thread's own connection, opened for the check: not kept between checks.
        connection.close()


def cache_answers() -> bool:
    """A value written to the shared cache reads back (a failing cache reads as a miss)."""
    cache = caches["shared"]
    token = secrets.token_hex(8)
    cache.set(CACHE_KEY, token, timeout=30)
    return cache.get(CACHE_KEY) == token


def state(check: Future) -> str:
    """ "ok" only for a check that finished in time and passed; an error or a hang is "down"."""
    passed = check.done() and check.exception() is None and check.result()
    return "ok" if passed else "down"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database, cache = checks.submit(database_answers), checks.submit(cache_answers)
    wait([database, cache], timeout=CHECK_SECONDS)
    report = {"database": state(database), "cache": state(cache)}
    if report["database"] != "ok":
        report["status"] = "down"
    elif report["cache"] != "ok":
        report["status"] = "degraded"
    else:
        report["status"] = "ok"
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)
