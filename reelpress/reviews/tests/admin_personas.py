"""Personas and form helpers for the editors' desk tests (imported by the test_admin_* modules).

Import ``critic_fixture`` / ``other_critic_fixture``; tests ask for ``critic`` / ``other_critic``.
"""

import pytest
from django.contrib.auth.models import Group

from reelpress.lib.text import fold, make_slug
from reelpress.reviews.management.commands.setup_roles import setup_roles
from reelpress.reviews.models import Author

PASSWORD = "desk-pass-123"


def make_critic(django_user_model, username, author_name):
    """A staff user in "Critics" writing as the Author ``author_name``."""
    setup_roles()
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Critics"))
    author, _ = Author.objects.get_or_create(
        name_key=fold(author_name), defaults={"name": author_name, "slug": make_slug(author_name)}
    )
    author.user = user
    author.save()
    return user


@pytest.fixture(name="critic")
def critic_fixture(db, django_user_model):
    """Ada, a critic; the reviews stored by ``make_record`` are hers (reviewer "Ada Critic")."""
    return make_critic(django_user_model, "ada", "Ada Critic")


@pytest.fixture(name="other_critic")
def other_critic_fixture(db, django_user_model):
    return make_critic(django_user_model, "bea", "Bea Reviewer")


def inline(prefix, rows=(), initial=0):
    """Management-form data plus rows for one inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def review_form(film, /, **fields):
    """POST data for the review add form: a complete review with two ratings."""
    data = {
        "headline": "The Night of the Hunter",
        "slug": "",
        "film": str(film.pk),
        "release": "",
        "status": "published",
        "published_at_0": "2026-01-10",
        "published_at_1": "12:00:00",
        "review_date": "2026-01-10",
        "blurb": "A fairy tale with a preacher in it.",
        "body": "Laughton's only film as director, and *what* a film.",
        "verdict": "Highly Recommended",
        "thanks": "",
        "copyright": "",
        "source_url": "",
        "_save": "Save",
    }
    data.update(
        inline(
            "ratings",
            [
                {"axis": "Movie", "value": "Excellent", "order": "0"},
                {"axis": "Video", "value": "Very Good", "order": "1"},
            ],
        )
    )
    data.update(inline("images"))  # the pictures inline, left empty
    data.update({k: v for k, v in fields.items() if v is not None})
    for key in [k for k, v in fields.items() if v is None]:
        data.pop(key, None)
    return data
