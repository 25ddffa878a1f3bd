"""Fixtures for the API tests: tokens for named personas, and JSON calls."""

import json

import pytest


@pytest.fixture
def token_for(db):
    """Issue an API token for a user and return the plain token."""
    from reelpress.api.models import ApiToken

    def issue(user):
        return ApiToken.objects.issue(user, "tests")[1]

    return issue


@pytest.fixture
def critic(db, django_user_model, stored):
    """Ada Critic: a staff user, not an editor, whose Author is the reviewer of the default record."""
    from reelpress.ingest.store import author_for

    user = django_user_model.objects.create_user("ada", "ada@example.org", "critic-pass-123", is_staff=True)
    author = author_for("Ada Critic")
    author.user = user
    author.save()
    return user


@pytest.fixture
def post_record(client):
    """POST a record's JSON form to /api/reviews with an optional bearer token."""

    def post(data, token=None, **extra):
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        body = data if isinstance(data, (str, bytes)) else json.dumps(data)
        return client.post("/api/reviews", body, content_type="application/json", **extra)

    return post
