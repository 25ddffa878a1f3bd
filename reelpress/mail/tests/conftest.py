"""Fixtures for the mail tests: a public review, a reader's letter, and a way to post it."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from reelpress.mail.models import Letter

READER_EMAIL = "reader.private@example.net"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Nothing one test caches may be seen by the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def review(stored):
    return stored(slug="them-1954-blu-ray")


@pytest.fixture
def letter_data(review):
    """What a reader types into the form."""
    return {
        "name": "Rita Reader",
        "email": READER_EMAIL,
        "subject": "About the ants",
        "message": "I saw it at a drive-in in 1954.\n\nThe Blu-ray looks wonderful.",
        "review": review.slug,
    }


@pytest.fixture
def post_letter(client):
    def post(data, **extra):
        return client.post(reverse("mail:index"), data, **extra)

    return post


@pytest.fixture
def publish():
    """The editor's side done in code: approve, reply, publish (and optionally print in a column)."""

    def run(letter: Letter, *, reply="Thank you, Rita.", column=None, replied_by=None):
        letter.status = Letter.Status.APPROVED
        letter.reply = reply
        letter.replied_by = replied_by
        letter.is_published = True
        letter.column = column
        letter.save()
        return letter

    return run


@pytest.fixture
def column(db, review):
    from reelpress.reviews.models import Column, ColumnEntry

    col = Column.objects.create(date=dt.date(2026, 1, 10), title="Monsters on disc", slug="monsters-on-disc")
    ColumnEntry.objects.create(column=col, review=review)
    return col
