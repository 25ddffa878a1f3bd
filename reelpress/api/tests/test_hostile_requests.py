"""Requests that once answered 500 get a 4xx with a message (issue 13, finding 4)."""

import dataclasses
import json

import pytest

from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["9223372036854775807", "100000000000000000000", "100001"])
def test_a_page_past_any_archive_is_a_422_naming_the_parameter(client, stored, page):
    stored()
    response = client.get(f"/api/reviews?page={page}&limit=100")

    assert response.status_code == 422
    assert "page" in json.dumps(response.json())


def test_the_last_allowed_page_is_an_empty_page(client, stored):
    stored()
    response = client.get("/api/reviews?page=100000&limit=100")

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("year", ["0", "10000", "9223372036854775808"])
def test_a_film_year_no_calendar_has_is_a_422(client, stored, year):
    assert client.get(f"/api/reviews?year={year}").status_code == 422


def test_a_deeply_nested_body_is_a_422(post_record, editor, token_for):
    token = token_for(editor)
    body = "[" * 100_000 + "]" * 100_000
    response = post_record(body, token=token)
    assert response.status_code == 422
    assert response.json()["field"] == "body"

    nested = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert post_record(nested, token=token).status_code == 422


@pytest.mark.parametrize("field", ["title", "body", "cast"])
def test_a_lone_surrogate_is_a_422_naming_the_field(post_record, make_record, editor, token_for, field):
    token = token_for(editor)
    data = dataclasses.asdict(make_record())
    data[field] = ["Sam \ud800 Jaffe"] if field == "cast" else "Them \ud800!"
    response = post_record(json.dumps(data), token=token)  # json.dumps writes it as \ud800

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not Review.objects.exists()
