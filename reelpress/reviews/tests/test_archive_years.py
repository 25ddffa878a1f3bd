"""The archive by year: a year no date can have is a 404, not a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [0, 10000, 99999999999999999999])
def test_a_year_no_date_can_have_is_not_found(client, stored, year):
    stored()
    assert client.get(f"/archive/{year}/").status_code == 404


def test_a_year_with_reviews_is_listed(client, stored):
    stored(published_at="2026-01-10T12:00:00+00:00")
    assert client.get("/archive/2026/").status_code == 200


def test_a_letter_number_past_any_database_integer_is_not_found(client, db):
    assert client.get("/mail/99999999999999999999/").status_code == 404


def test_a_large_year_comes_a_page_at_a_time_in_order(client, stored, monkeypatch):
    from reelpress.reviews import views

    monkeypatch.setattr(views, "YEAR_PAGE", 2)
    for n in range(5):
        stored(slug=f"r{n}", title=f"Film {n}", published_at=f"2026-0{n + 1}-10T12:00:00+00:00")
    first, last = client.get("/archive/2026/"), client.get("/archive/2026/?page=3")
    assert [r.slug for r in first.context["reviews"]] == ["r0", "r1"]
    assert [r.slug for r in last.context["reviews"]] == ["r4"]
    assert b"5 reviews" in first.content and b"Page 1 of 3" in first.content
