"""The load test's baseline views live with the tooling, never in the site's URL conf."""

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
