"""The benchmark tooling: baseline views only under its own URL conf, and bench_pages times
every page it reports."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_site_does_not_route_the_baselines(client):
    assert client.get("/_bench/trivial").status_code == 404


@pytest.mark.urls("tools.bench.urls")
def test_the_bench_url_conf_routes_the_baselines_and_the_site(client, owner):
    assert client.get("/_bench/trivial").content == b"ok\n"
    client.force_login(owner)
    assert client.get("/_bench/trivial-user").content == f"ok {owner.pk}\n".encode()
    assert client.get("/").status_code == 200


def test_bench_pages_times_every_page_it_reports(content):
    from tools.bench.management.commands.bench_pages import PAGES, measure_pages, table

    timings = measure_pages(runs=2)

    assert list(timings) == PAGES
    row = {"version": "SQLite", "questions": 158, "load_seconds": 1.0}
    report = table([{**row, "small": timings, "large": timings}], 100_000, 2)
    assert "| list, deep page |" in report
    assert "1.0x" in report
