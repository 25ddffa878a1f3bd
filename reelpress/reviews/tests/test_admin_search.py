"""What the desk saves is what search finds: the index moves in the same transaction as the edit."""

from django.test import Client

from reelpress.catalog.models import Film, Person
from reelpress.reviews.models import Review
from reelpress.reviews.tests.admin_personas import inline, review_form
from reelpress.search import search


def found(query):
    return [hit.slug for hit in search(query, facets=False).hits]


def film_with_director():
    title = "The Night of the Hunter"
    film = Film.objects.create(title=title, title_key=title.lower(), year=1955, slug="hunter-1955")
    laughton = Person.objects.create(name="Charles Laughton", name_key="charles laughton", slug="laughton")
    film.credits.create(person=laughton, role="director")
    return film, laughton


def test_a_review_written_on_the_desk_is_found_by_search(client, editor):
    film, _ = film_with_director()
    client.force_login(editor)

    client.post("/admin/reviews/review/add/", review_form(film, body="A river journey lit like a dream."))

    assert found("river journey") == ["the-night-of-the-hunter"]
    assert found("laughton") == ["the-night-of-the-hunter"]


def test_an_edit_on_the_desk_is_what_search_finds_next(client, editor):
    film, _ = film_with_director()
    client.force_login(editor)
    client.post("/admin/reviews/review/add/", review_form(film, body="A river journey."))
    review = Review.objects.get()
    data = review_form(film, body="Mitchum sings in the dark.", slug=review.slug, **inline("ratings"))

    client.post(f"/admin/reviews/review/{review.pk}/change/", data)

    assert found("mitchum") == [review.slug]
    assert found("river") == []


def test_renaming_a_person_on_the_desk_reaches_the_index(client, editor):
    film, laughton = film_with_director()
    client.force_login(editor)
    client.post("/admin/reviews/review/add/", review_form(film))
    data = {"name": "Charles Laughtonne", "disambiguator": "", "slug": laughton.slug, "bio": ""}
    data |= inline("credits", initial=0) | inline("images")

    response = client.post(f"/admin/catalog/person/{laughton.pk}/change/", data)

    assert response.status_code == 302
    assert found("laughtonne") == ["the-night-of-the-hunter"]


def test_unpublishing_on_the_desk_takes_a_review_out_of_search(client, editor, stored):
    review = stored()
    assert found("them") == [review.slug]
    client.force_login(editor)

    client.post("/admin/reviews/review/", {"action": "unpublish_to_draft", "_selected_action": [review.pk]})

    assert found("them") == []
    assert Client().get(review.get_absolute_url()).status_code == 404
