"""POST /api/reviews: staff only, through ingest.store.save, with errors that name the field."""

import dataclasses

import pytest

from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(make_record):
    def build(**fields):
        return dataclasses.asdict(make_record(**fields))

    return build


def test_writing_without_credentials_is_unauthorised(post_record, body):
    response = post_record(body(slug="them"))

    assert response.status_code == 401
    assert not Review.objects.exists()


def test_a_wrong_token_is_unauthorised(post_record, body, editor, token_for):
    token_for(editor)

    assert post_record(body(slug="them"), token="rp_not-a-real-token").status_code == 401


def test_an_editors_token_creates_then_leaves_the_review_unchanged(post_record, body, editor, token_for):
    token = token_for(editor)

    first = post_record(body(slug="them"), token=token)
    again = post_record(body(slug="them"), token=token)
    changed = post_record(body(slug="them", verdict="Recommended"), token=token)

    assert first.status_code == 201
    assert first.json()["action"] == "created"
    assert first.json()["slug"] == "them"
    assert first.json()["url"].endswith("/reviews/them/")
    assert (again.status_code, again.json()["action"]) == (200, "unchanged")
    assert changed.json()["action"] == "updated"
    assert Review.objects.get().verdict == "Recommended"
    assert editor.api_tokens.get().last_used is not None


def test_a_record_that_cannot_be_stored_is_refused_naming_the_field(post_record, body, editor, token_for):
    token = token_for(editor)

    cases = {
        "year": body(year=1492),
        "title": body(title=" "),
        "street_date": body(street_date="June 2014"),
        "cast": {**body(), "cast": ["James Whitmore", 7]},
        "blurb": {**body(), "blurb": ["not", "a", "string"]},
        "runtime_minutes": {**body(), "runtime_minutes": "ninety"},
    }
    for field, data in cases.items():
        response = post_record(data, token=token)
        assert response.status_code == 422, field
        assert response.json()["field"] == field
        assert field in response.json()["detail"]
    assert not Review.objects.exists()


def test_a_body_that_is_not_a_json_object_is_refused(post_record, editor, token_for):
    token = token_for(editor)

    for data in ("{not json", "[1, 2]", ""):
        response = post_record(data, token=token)
        assert response.status_code == 422
        assert response.json()["field"] == "body"


def test_tokens_of_users_who_are_not_staff_cannot_write(post_record, body, django_user_model, token_for):
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "reader-pass-123")

    response = post_record(body(slug="them"), token=token_for(reader))

    assert response.status_code == 403
    assert not Review.objects.exists()


def test_a_deactivated_users_token_stops_working(post_record, body, editor, token_for):
    token = token_for(editor)
    editor.is_active = False
    editor.save()

    assert post_record(body(slug="them"), token=token).status_code == 401


def test_a_critic_writes_their_own_reviews_only(post_record, body, critic, token_for, stored):
    token = token_for(critic)
    stored(slug="bos-review", reviewer="Bo Writer", title="Tarantula", year=1955)

    own = post_record(body(slug="adas-review"), token=token)
    as_someone_else = post_record(body(slug="fake", reviewer="Bo Writer"), token=token)
    over_someone_else = post_record(body(slug="bos-review", title="Tarantula", year=1955), token=token)

    assert own.status_code == 201
    assert Review.objects.get(slug="adas-review").author.user == critic
    assert as_someone_else.status_code == 403
    assert over_someone_else.status_code == 403
    assert Review.objects.get(slug="bos-review").author.name == "Bo Writer"


def test_a_staff_session_must_send_the_csrf_token(body, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"
    client.cookies["csrftoken"] = secret

    without = client.post("/api/reviews", body(slug="them"), content_type="application/json")
    with_token = client.post(
        "/api/reviews", body(slug="them"), content_type="application/json", HTTP_X_CSRFTOKEN=secret
    )

    assert without.status_code == 403
    assert with_token.status_code == 201


def test_slugs_that_clean_to_nothing_never_overwrite_another_review(post_record, body, editor, token_for):
    token = token_for(editor)

    first = post_record(body(slug="\x00", title="Them!"), token=token)
    second = post_record(body(slug="!!!", title="Tarantula", year=1955), token=token)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["slug"] != second.json()["slug"]
    assert sorted(r.film.title for r in Review.objects.all()) == ["Tarantula", "Them!"]


def test_an_invisible_title_or_name_is_refused_naming_the_field(post_record, body, editor, token_for):
    token = token_for(editor)

    for field, data in {"title": body(title=" \u200b "), "cast": body(cast=["\x00"])}.items():
        response = post_record(data, token=token)
        assert response.status_code == 422, field
        assert response.json()["field"] == field
    assert not Review.objects.exists()
