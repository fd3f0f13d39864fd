"""The load test's baseline views exist only when DJANGO_BENCH asks for them."""

import importlib

import pytest
from django.urls import clear_url_caches

import interviewprep.urls

pytestmark = pytest.mark.django_db


def reload_urls() -> None:
    importlib.reload(interviewprep.urls)
    clear_url_caches()


def test_the_baselines_are_routed_only_under_django_bench(client, owner, settings):
    assert client.get("/_bench/trivial").status_code == 404
    settings.BENCH = True
    reload_urls()
    try:
        assert client.get("/_bench/trivial").content == b"ok\n"
        client.force_login(owner)
        assert client.get("/_bench/trivial-user").content == f"ok {owner.pk}\n".encode()
    finally:
        settings.BENCH = False
        reload_urls()
    assert client.get("/_bench/trivial").status_code == 404
