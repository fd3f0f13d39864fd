"""X-Forwarded-For is believed only from a trusted proxy (DJANGO_TRUSTED_PROXIES)."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from interviewprep.middleware import client_ip
from tests.accounts.test_brute_force import fail, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
STRANGER = "203.0.113.50"
behind_the_proxy = override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=[PROXY, "10.1.0.0/24"])


@pytest.fixture
def ada(db):
    return UserFactory(username="ada")


def forwarded_as(n: int) -> str:
    return f"198.51.100.{n}"


@behind_the_proxy
def test_twenty_guesses_each_claiming_a_new_address_from_an_untrusted_peer_are_locked_out(
    client, ada
):
    statuses = [
        log_in(
            client, password="wrong", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=forwarded_as(n)
        ).status_code
        for n in range(20)
    ]
    assert statuses[:4] == [200] * 4
    assert set(statuses[5:]) == {429}
    assert (
        log_in(client, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code
        == 429
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


@behind_the_proxy
def test_from_a_trusted_proxy_the_forwarded_address_is_the_one_counted(client, ada):
    fail(client, 5, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {forwarded_as(1)}")
    locked = log_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_as(1))
    assert locked.status_code == 429
    # Another learner behind the same proxy is not locked out with the guesser.
    other = log_in(client, REMOTE_ADDR="10.1.0.7", HTTP_X_FORWARDED_FOR=forwarded_as(2))
    assert other.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [forwarded_as(1)]


@pytest.mark.parametrize(
    ("behind", "peer", "forwarded", "counted"),
    [
        (False, PROXY, "198.51.100.1", PROXY),  # not behind a proxy: the header means nothing
        (True, STRANGER, "198.51.100.1", STRANGER),  # untrusted peer
        (True, PROXY, "198.51.100.1", "198.51.100.1"),
        (True, "10.1.0.200", "1.1.1.1, 198.51.100.1", "198.51.100.1"),  # a trusted network
        (True, PROXY, "not-an-address", PROXY),  # a proxy that wrote nonsense
        (True, PROXY, "", PROXY),
    ],
)
def test_client_ip(rf, behind, peer, forwarded, counted):
    request = rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(BEHIND_PROXY=behind, TRUSTED_PROXIES=[PROXY, "10.1.0.0/24"]):
        assert client_ip(request) == counted
