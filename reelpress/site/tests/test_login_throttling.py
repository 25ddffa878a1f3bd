"""Admin passwords cannot be guessed at full speed: lockout per account and per address, operator unlock."""

import pytest
from django.conf import settings

from reelpress.cli import main as reelpress

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT


def log_in(client, username, password, ip="203.0.113.5"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_the_right_password_logs_in_after_a_few_wrong_ones(client, editor):
    for _ in range(LIMIT - 1):
        assert log_in(client, "editor", "wrong").status_code == 200
    assert logged_in(log_in(client, "editor", "editor-pass-123"))


def test_an_account_is_locked_after_too_many_wrong_passwords_from_any_address(client, editor):
    for n in range(LIMIT):
        log_in(client, "editor", f"guess-{n}", ip=f"198.51.100.{n + 1}")
    response = log_in(client, "editor", "editor-pass-123", ip="192.0.2.77")
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode()


def test_an_address_is_locked_after_too_many_wrong_passwords_for_any_account(client, editor):
    for n in range(LIMIT):
        log_in(client, f"someone-{n}", "guess", ip="198.51.100.9")
    assert log_in(client, "editor", "editor-pass-123", ip="198.51.100.9").status_code == 429
    assert logged_in(log_in(client, "editor", "editor-pass-123", ip="192.0.2.10"))


# The command line closes the database connections when a command ends (as `reelpress` does):
# these tests run outside a test transaction, so the next request opens a new connection.
@pytest.mark.django_db(transaction=True)
def test_the_operator_unlocks_an_account_with_reelpress_axes_reset_username(client, editor, capsys):
    for n in range(LIMIT):
        log_in(client, "editor", "wrong", ip=f"198.51.100.{n + 1}")
    assert log_in(client, "editor", "editor-pass-123", ip="192.0.2.1").status_code == 429

    reelpress(["reelpress", "axes_reset_username", "editor"])

    assert "attempts removed" in capsys.readouterr().out
    assert logged_in(log_in(client, "editor", "editor-pass-123", ip="192.0.2.1"))


@pytest.mark.django_db(transaction=True)
def test_the_operator_unlocks_an_address_with_reelpress_axes_reset_ip(client, editor, capsys):
    for n in range(LIMIT):
        log_in(client, f"someone-{n}", "guess", ip="198.51.100.9")
    assert log_in(client, "editor", "editor-pass-123", ip="198.51.100.9").status_code == 429

    reelpress(["reelpress", "axes_list_attempts"])
    assert "198.51.100.9" in capsys.readouterr().out
    reelpress(["reelpress", "axes_reset_ip", "198.51.100.9"])

    assert logged_in(log_in(client, "editor", "editor-pass-123", ip="198.51.100.9"))
