"""Behind a trusted reverse proxy the client's address comes from X-Forwarded-For, and only then."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from reelpress.site.middleware import forwarded_client

pytestmark = pytest.mark.django_db
LIMIT = settings.AXES_FAILURE_LIMIT


def address(remote, forwarded=None):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    )
    return forwarded_client(lambda r: r.META["REMOTE_ADDR"])(request)


def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert address("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    # The client wrote the left part itself (forged); proxies appended the rest.
    assert address("127.0.0.1", "198.51.100.1, 203.0.113.5, 10.1.2.3") == "203.0.113.5"
    assert address("127.0.0.1", "garbage, 203.0.113.5") == "203.0.113.5"
    assert address("127.0.0.1", "203.0.113.5, not-an-address") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"
    assert address("::1", "203.0.113.5") == "::1"  # not a trusted peer


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address("127.0.0.1", "203.0.113.5") == "127.0.0.1"
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    # A client talking to the app directly cannot pick its own address.
    assert address("198.51.100.7", "203.0.113.5") == "198.51.100.7"


def test_a_mistyped_proxy_is_named(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "localhost"]
    with pytest.raises(ImproperlyConfigured, match="REELPRESS_TRUSTED_PROXIES"):
        address("127.0.0.1", "203.0.113.5")


def _log_in(client, password, client_ip):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_behind_the_proxy_one_readers_guesses_lock_out_that_reader_only(client, editor, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.AXES_LOCKOUT_PARAMETERS = ["ip_address"]
    for n in range(LIMIT):
        _log_in(client, f"guess-{n}", "203.0.113.5")
    assert _log_in(client, "editor-pass-123", "203.0.113.5").status_code == 429
    response = _log_in(client, "editor-pass-123", "192.0.2.10")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
