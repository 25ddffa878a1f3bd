"""A person's films per role ("role" tallies, through the films' "film" tallies) stay equal to a
recount through every write that moves them, and readers get the public films only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from reelpress.catalog.merge import merge_films, merge_people
from reelpress.catalog.models import Credit, Film, Person
from reelpress.counts import figures, recount
from reelpress.counts.tests.test_figures import assert_exact
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


def roles_of(name: str) -> dict[tuple[str, str], int]:
    person = Person.objects.get(name=name)
    assert_exact()  # every tally equals a recount, and public_roles equals the slow count
    return figures.public_roles([person.pk])[person.pk]


@pytest.fixture
def dora(stored, future):
    """Dora directs three public films (one reviewed twice), a draft and a scheduled one; she
    also acts in one."""
    stored(slug="a", title="Alpha", year=1961, directors=["Dora Director"], cast=["Dora Director", "Al"])
    stored(slug="b", title="Beta", year=1962, directors=["Dora Director"])
    stored(slug="b2", title="Beta", year=1962, directors=["Dora Director"], reviewer="Bo Writer")
    stored(slug="c", title="Gamma", year=1963, directors=["Dora Director"])
    stored(slug="d", title="Delta", year=1964, directors=["Dora Director"], status="draft")
    stored(
        slug="e",
        title="Epsilon",
        year=1965,
        directors=["Dora Director"],
        status="scheduled",
        published_at=future,
    )
    assert roles_of("Dora Director") == {("director", ""): 3, ("cast", ""): 1}


def test_a_film_counts_once_however_many_reviews(dora):
    Review.objects.get(slug="b2").delete()
    assert roles_of("Dora Director")[("director", "")] == 3
    Review.objects.get(slug="b").delete()
    assert roles_of("Dora Director")[("director", "")] == 2


def test_one_statement_that_unpublishes_every_review_of_a_film(dora):
    # PostgreSQL runs the row triggers after the whole statement: both rows are drafts by then.
    Review.objects.filter(film__title="Beta").update(status=Review.Status.DRAFT)
    assert roles_of("Dora Director")[("director", "")] == 2
    Review.objects.filter(film__title="Beta").update(status=Review.Status.PUBLISHED)
    assert roles_of("Dora Director")[("director", "")] == 3


def test_publishing_the_draft_and_the_scheduled_time_arriving(dora):
    Review.objects.filter(slug="d").update(status=Review.Status.PUBLISHED)
    assert roles_of("Dora Director")[("director", "")] == 4
    later = Review.objects.get(slug="e")
    with pytest.MonkeyPatch.context() as patch:
        moment = later.published_at + dt.timedelta(seconds=1)
        patch.setattr(timezone, "now", lambda: moment)
        assert roles_of("Dora Director")[("director", "")] == 5


def test_credits_added_changed_and_removed(dora):
    alpha = Film.objects.get(title="Alpha")
    person = Person.objects.get(name="Dora Director")
    Credit.objects.create(film=alpha, person=person, role="writer")
    Credit.objects.create(film=alpha, person=person, role="other", role_label="Titles")
    assert roles_of("Dora Director") == {
        ("director", ""): 3,
        ("cast", ""): 1,
        ("writer", ""): 1,
        ("other", "Titles"): 1,
    }
    Credit.objects.filter(person=person, role="writer").update(role="producer")
    Credit.objects.filter(person=person, role="other").update(role_label="Main titles")
    assert roles_of("Dora Director") == {
        ("director", ""): 3,
        ("cast", ""): 1,
        ("producer", ""): 1,
        ("other", "Main titles"): 1,
    }
    Credit.objects.filter(person=person, role="cast").delete()
    unreviewed = Film.objects.create(title="Theta", title_key="theta", slug="theta-1999", year=1999)
    Credit.objects.filter(person=person, film__title="Gamma").update(film=unreviewed)
    assert roles_of("Dora Director") == {
        ("director", ""): 2,
        ("producer", ""): 1,
        ("other", "Main titles"): 1,
    }


def test_a_review_moved_to_another_film(dora, stored):
    stored(slug="z", title="Zeta", year=1970, directors=["Zed"], status="draft")
    Review.objects.filter(slug="c").update(film=Film.objects.get(title="Zeta"))
    assert roles_of("Dora Director")[("director", "")] == 2
    assert roles_of("Zed") == {("director", ""): 1}


def test_merging_people_and_films(dora, stored):
    stored(slug="x", title="Alpha", year=1960, directors=["D. Director"])
    merge_people(Person.objects.get(name="Dora Director"), [Person.objects.get(name="D. Director")])
    assert roles_of("Dora Director")[("director", "")] == 4
    merge_films(Film.objects.get(title="Alpha", year=1961), [Film.objects.get(title="Alpha", year=1960)])
    assert roles_of("Dora Director")[("director", "")] == 3


def test_raw_sql_writes_are_counted_too(dora):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_review SET status = 'draft' WHERE slug IN ('a', 'c')")
    assert roles_of("Dora Director") == {("director", ""): 1}
    assert recount.differences() == []


def test_the_people_index_lists_only_people_with_a_public_film(client, dora, stored, future, settings):
    settings.PAGE_CACHE = False
    stored(
        slug="w",
        title="Waiting",
        year=1990,
        directors=["Wendy Waiting"],
        status="scheduled",
        published_at=future,
    )
    stored(slug="v", title="Vault", year=1991, directors=["Vera Vault"], status="draft")
    page = client.get("/people/?letter=w").content.decode()
    assert "Wendy Waiting" not in page
    assert "Vera Vault" not in client.get("/people/?letter=v").content.decode()
    dora_page = client.get("/people/?letter=d&role=director").content.decode()
    assert "Dora Director" in dora_page and "3 films" in dora_page
    assert "Dora Director" not in client.get("/people/?letter=d&role=writer").content.decode()
    with pytest.MonkeyPatch.context() as patch:
        moment = Review.objects.get(slug="w").published_at + dt.timedelta(seconds=1)
        patch.setattr(timezone, "now", lambda: moment)
        assert "Wendy Waiting" in client.get("/people/?letter=w").content.decode()


def test_a_trigger_a_migration_dropped_comes_back_and_the_figures_are_recounted(dora):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    dora_pk = Person.objects.get(name="Dora Director").pk
    if connection.vendor == "postgresql":
        # An ALTER TABLE keeps PostgreSQL's triggers: nothing is missing, nothing to put back.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'counts_role_credit_tally'")
            assert cursor.fetchone() == (1,)
        assert recount.missing_triggers() == []
        return
    with connection.cursor() as cursor:  # what SQLite does when a migration rebuilds the table
        cursor.execute("DROP TRIGGER counts_role_credit_insert")
    assert recount.missing_triggers() == ["counts_role_credit_insert"]
    with pytest.raises(CommandError, match="counts_role_credit_insert"):
        call_command("counts", "--check")
    Credit.objects.create(film=Film.objects.get(title="Alpha"), person_id=dora_pk, role="writer")
    assert recount.differences()  # the new credit went uncounted

    recount.after_migrate()  # what every `reelpress migrate` ends with
    assert recount.missing_triggers() == []
    assert roles_of("Dora Director")[("writer", "")] == 1
    Credit.objects.create(film=Film.objects.get(title="Beta"), person_id=dora_pk, role="writer")
    assert roles_of("Dora Director")[("writer", "")] == 2
