"""Every public page type, cached for readers, is retired by every kind of change it shows.

For each change the pages are read (and cached), the change is committed the way the desk,
the API, the importer or a shell would make it, and each page is read again by an anonymous
reader (through the cache) and by a visitor the cache never answers (the live page): the two
must be the same. Each change must also visibly alter the pages named for it, so the
comparison cannot pass by nothing having changed.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.db import transaction
from django.utils import timezone

from reelpress.catalog.models import Film, Label, Person
from reelpress.ingest.store import save
from reelpress.mail.models import Letter
from reelpress.reviews.models import Author, Column, ColumnEntry, Review, Tag

# reset_sequences: the reviews' sitemap is cut by pk range (2,000 a file) and this test reads file 1;
# on PostgreSQL a flush keeps the sequences, so after earlier tests in the same database a new
# review would land in a later file and "publish" would not visibly change file 1.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

LIVE = {"HTTP_COOKIE": "sessionid=not-a-session"}  # not anonymous to the cache: always the live page


@pytest.fixture
def archive(make_record):
    """Two critics, two films on two labels, a column update announcing one review, a letter."""
    first = save(
        make_record(
            slug="them-1954-blu-ray", tags=["Monsters"], country="USA", body="Giant ants, **big** ones."
        )
    ).review
    second = save(
        make_record(
            title="The Thing from Another World",
            year=1951,
            directors=["Christian Nyby"],
            cast=["Kenneth Tobey", "Margaret Sheridan"],
            disc_format="DVD",
            label="Criterion",
            reviewer="Ben Critic",
            headline="The Thing",
            slug="the-thing-1951-dvd",
            verdict="Recommended",
            tags=["Monsters", "Arctic"],
            published_at="2026-01-05T12:00:00+00:00",
        )
    ).review
    column = Column.objects.create(
        date=dt.date(2026, 1, 11), title="Ants and things", slug="ants-and-things", notes="Two *classics*."
    )
    ColumnEntry.objects.create(column=column, review=first, order=0)
    letter = Letter.objects.create(
        name="Rita Reader",
        email="rita@example.net",
        subject="About the ants",
        message="Lovely.",
        review=first,
    )
    return {"first": first, "second": second, "column": column, "letter": letter}


def page_urls(archive) -> list[str]:
    first, column = archive["first"], archive["column"]
    film, release = first.film, first.release
    director = film.credits.get(role="director").person
    return [
        "/",
        "/?page=2",
        first.get_absolute_url(),
        archive["second"].get_absolute_url(),
        film.get_absolute_url(),
        director.get_absolute_url(),
        f"/people/{director.slug}/director/",  # a person's films in one role (catalog.views.person_role)
        release.label.get_absolute_url(),
        release.get_absolute_url(),
        first.author.get_absolute_url(),
        "/authors/",
        column.get_absolute_url(),
        "/archive/",
        "/archive/2026/",
        "/browse/",
        "/browse/format/",
        "/browse/format/blu-ray/",
        "/browse/decade/",
        "/browse/decade/1950s/",
        "/browse/verdict/",
        "/browse/verdict/highly-recommended/",
        "/tags/monsters/",
        "/films/",
        "/people/",
        "/labels/",
        "/feeds/reviews.rss",
        "/feeds/reviews.atom",
        f"/feeds/authors/{first.author.slug}.rss",
        "/feeds/columns.atom",
        "/sitemap.xml",
        "/sitemap-reviews.xml",
        "/sitemap-films.xml",
        "/sitemap-people.xml",
        "/sitemap-labels.xml",
        "/sitemap-authors.xml",
        "/search/?q=ants",
        "/search/?q=thing",
        "/api/reviews",
        "/api/reviews?format=Blu-ray",
        f"/api/reviews/{first.slug}",
        f"/api/films/{film.slug}",
        f"/api/people/{director.slug}",
        f"/api/labels/{release.label.slug}",
        "/mail/feed/",
        f"/mail/{archive['letter'].pk}/",
    ]


# Not content: how long a search took, and the build time an empty feed gives as "now".
VARIES = re.compile(rb"\xc2\xb7 [0-9.]+ ms|<lastBuildDate>[^<]*</lastBuildDate>")


def read(client, urls, **extra) -> dict[str, tuple[int, bytes]]:
    return {
        url: (r.status_code, VARIES.sub(b"", r.content)) for url in urls for r in [client.get(url, **extra)]
    }


# --- the changes: each one as the desk, the API, the importer or a shell would make it


def publish(archive, make_record):
    save(
        make_record(
            title="Tarantula", year=1955, slug="tarantula-1955", headline="Tarantula!", tags=["Monsters"]
        )
    )


def edit(archive, make_record):
    save(
        make_record(
            slug="them-1954-blu-ray", tags=["Monsters"], headline="Them! (edited)", verdict="Recommended"
        )
    )


def unpublish(archive, make_record):
    review = Review.objects.get(pk=archive["first"].pk)
    review.status = Review.Status.DRAFT
    review.save()


def delete(archive, make_record):
    Review.objects.get(pk=archive["second"].pk).delete()


def approve_letter(archive, make_record):
    # As the desk's "approve and publish" action does it: one UPDATE, no model signal.
    Letter.objects.filter(pk=archive["letter"].pk).update(
        status=Letter.Status.APPROVED,
        is_published=True,
        published_at=timezone.now(),
        reply="Thank you, Rita.",
    )


def update_column(archive, make_record):
    column = Column.objects.get(pk=archive["column"].pk)
    column.title = "Ants, things and more"
    column.notes = "Two *classics*, and a third."
    column.save()
    ColumnEntry.objects.create(column=column, review=archive["second"], order=1)


def rename_author(archive, make_record):
    author = Author.objects.get(pk=archive["first"].author_id)
    author.name = "Ada Q. Critic"
    author.save()


def rename_film(archive, make_record):
    Film.objects.filter(pk=archive["first"].film_id).update(title="Them! (1954)")


def rename_person(archive, make_record):
    person = Person.objects.get(name="Gordon Douglas")
    person.name = "Gordon M. Douglas"
    person.save()


def rename_label(archive, make_record):
    label = Label.objects.get(name="Warner Archive Collection")
    label.name = "Warner Archive"
    label.save()


def retag(archive, make_record):
    tag = Tag.objects.get(slug="monsters")
    tag.name = "Giant monsters"
    tag.save()
    Review.objects.get(pk=archive["second"].pk).tags.remove(Tag.objects.get(slug="arctic"))


def scheduled_time_arrives(archive, make_record):
    # No write happens when the time comes: the page must not outlive the moment.
    when = timezone.now() + dt.timedelta(seconds=3)
    with transaction.atomic():
        save(
            make_record(
                title="Tarantula",
                year=1955,
                slug="tarantula-1955",
                headline="Tarantula!",
                status="scheduled",
                published_at=when.isoformat(),
            )
        )
    return when


# change -> pages whose live content it must alter (beyond the comparison on every page)
CHANGES = {
    publish: ["/", "/feeds/reviews.rss", "/sitemap-reviews.xml", "/api/reviews", "/films/", "/archive/2026/"],
    edit: ["/", "/feeds/reviews.atom", "/api/reviews", "/browse/verdict/", "/search/?q=ants"],
    unpublish: ["/", "/authors/", "/archive/", "/films/", "/sitemap-films.xml", "/api/reviews"],
    delete: [
        "/",
        "/labels/",
        "/browse/format/",
        "/browse/verdict/",
        "/search/?q=thing",
        "/sitemap-labels.xml",
    ],
    approve_letter: ["/mail/feed/"],
    update_column: ["/", "/feeds/columns.atom"],
    rename_author: ["/", "/authors/", "/api/reviews", "/feeds/reviews.rss"],
    rename_film: ["/", "/films/", "/search/?q=ants", "/api/films/them-1954"],
    rename_person: ["/people/"],
    rename_label: ["/labels/", "/"],
    retag: ["/tags/monsters/"],
    scheduled_time_arrives: ["/", "/feeds/reviews.rss", "/api/reviews", "/films/", "/sitemap-reviews.xml"],
}


@pytest.mark.parametrize("change", list(CHANGES), ids=[c.__name__ for c in CHANGES])
def test_every_cached_page_shows_the_change_once_committed(client, archive, make_record, change):
    urls = page_urls(archive)
    # The letter page is public only once approved; the rest are public now.
    before = read(client, urls)
    assert read(client, urls) == before  # the second reading came from the cache
    assert client.get("/").get("X-Page-Cache") == "hit"

    when = change(archive, make_record)
    if when is not None:
        early = ["/", "/api/reviews", "/feeds/reviews.rss"]
        assert read(client, early) == {url: before[url] for url in early}  # nothing shows it before its time
        time.sleep(max(0.0, (when - timezone.now()).total_seconds()) + 0.05)

    cached, live = read(client, urls), read(client, urls, **LIVE)
    stale = [url for url in urls if cached[url] != live[url]]
    assert stale == [], f"pages served stale after {change.__name__}: {stale}"
    unchanged = [url for url in CHANGES[change] if live[url] == before[url]]
    assert unchanged == [], f"{change.__name__} did not change {unchanged}: the test would prove nothing"
