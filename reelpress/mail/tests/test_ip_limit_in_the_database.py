"""The per-IP letter limit is counted in the database over a sliding hour, the same for every worker."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from reelpress.mail.models import Letter

IP = "203.0.113.44"


def earlier_letters(n, minutes_ago, ip=IP):
    for k in range(n):
        Letter.objects.create(
            name="Rita",
            email=f"earlier{k}@example.net",
            subject="Earlier",
            message="Hello",
            ip_address=ip,
            received_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        )


@override_settings(REELPRESS_MAIL_PER_IP_PER_HOUR=3)
def test_letters_from_the_last_hour_count_across_a_clock_hour(post_letter, letter_data):
    earlier_letters(3, minutes_ago=50)  # in the previous clock hour for most of the hour

    response = post_letter({**letter_data, "email": "new@example.net"}, REMOTE_ADDR=IP)

    assert response.status_code == 429
    assert Letter.objects.count() == 3


@override_settings(REELPRESS_MAIL_PER_IP_PER_HOUR=3)
def test_letters_older_than_an_hour_from_the_ip_do_not_count(post_letter, letter_data):
    earlier_letters(3, minutes_ago=61)

    assert post_letter({**letter_data, "email": "new@example.net"}, REMOTE_ADDR=IP).status_code == 302


@override_settings(REELPRESS_MAIL_PER_IP_PER_HOUR=3)
def test_every_worker_sees_the_same_count(post_letter, letter_data):
    for n in range(3):
        assert post_letter({**letter_data, "email": f"r{n}@example.net"}, REMOTE_ADDR=IP).status_code == 302
        cache.clear()  # the next letter reaches another worker, with a cache of its own

    response = post_letter({**letter_data, "email": "r9@example.net"}, REMOTE_ADDR=IP)

    assert response.status_code == 429
    assert Letter.objects.filter(ip_address=IP).count() == 3


@override_settings(REELPRESS_MAIL_PER_IP_PER_HOUR=3)
def test_other_addresses_are_not_held_back(post_letter, letter_data):
    earlier_letters(3, minutes_ago=10)

    response = post_letter({**letter_data, "email": "new@example.net"}, REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(REELPRESS_MAIL_PER_IP_PER_HOUR=0)
def test_zero_switches_the_ip_limit_off(post_letter, letter_data):
    earlier_letters(40, minutes_ago=5)

    assert post_letter({**letter_data, "email": "new@example.net"}, REMOTE_ADDR=IP).status_code == 302
