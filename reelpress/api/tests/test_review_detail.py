"""GET /api/reviews/{slug}: a public review as its full record, the export's shape plus its URL."""

import dataclasses
import json

import pytest

from reelpress.ingest.export import record_from_review, review_queryset
from reelpress.ingest.record import ReviewRecord

pytestmark = pytest.mark.django_db


def test_it_returns_the_review_as_the_records_json_form_plus_its_url(client, stored):
    review = stored(slug="them-blu-ray", writers=["Ted Sherdeman"], tags=["Monsters"])

    data = client.get("/api/reviews/them-blu-ray").json()

    assert set(data) == {f.name for f in dataclasses.fields(ReviewRecord)} | {"url"}
    assert data["url"].endswith("/reviews/them-blu-ray/")
    exported = record_from_review(review_queryset().get(pk=review.pk)).to_dict()
    assert {k: v for k, v in data.items() if k != "url"} == exported
    assert data["directors"] == ["Gordon Douglas"]
    assert data["ratings"]["Movie"] == "Excellent"


def test_drafts_and_scheduled_reviews_are_not_found(client, stored, future):
    stored(slug="a-draft", status="draft")
    stored(slug="a-scheduled", title="Later", status="scheduled", published_at=future)

    for slug in ("a-draft", "a-scheduled", "no-such-review"):
        response = client.get(f"/api/reviews/{slug}")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_no_answer_ever_carries_an_authors_email(client, stored):
    review = stored(slug="them")
    review.author.email = "ada.private@example.org"
    review.author.save()

    for url in (
        "/api/reviews",
        "/api/reviews/them",
        f"/api/films/{review.film.slug}",
        "/api/people/gordon-douglas",
        f"/api/labels/{review.release.label.slug}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "ada.private" not in json.dumps(response.json()), url
