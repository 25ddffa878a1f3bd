"""The review screen of the editors' desk, driven through the real admin with the test client."""

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.catalog.models import Film, Release
from reelpress.reviews.models import Author, Review
from reelpress.reviews.tests.admin_personas import (  # noqa: F401 - fixtures
    PASSWORD,
    critic_fixture,
    inline,
    other_critic_fixture,
    review_form,
)

ADD = "/admin/reviews/review/add/"
CHANGELIST = "/admin/reviews/review/"
PREVIEW = "/admin/reviews/review/preview/"


def change_url(review):
    return f"/admin/reviews/review/{review.pk}/change/"


@pytest.fixture
def film(db):
    return Film.objects.create(
        title="The Night of the Hunter", title_key="the night of the hunter", year=1955, slug="hunter-1955"
    )


def form_errors(response):
    """Every error message on an admin form page, flattened (fails loudly when there is no form)."""
    context = response.context
    errors = [str(e) for e in context["adminform"].form.non_field_errors()]
    for name, field_errors in context["adminform"].form.errors.items():
        errors += [f"{name}: {e}" for e in field_errors]
    for formset in context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            errors += [f"{k}: {v}" for k, v in form_errors.items()]
    return errors


def test_an_editor_writes_a_complete_review_and_readers_see_it(client, editor, film):
    author = Author.objects.create(name="Ada Critic", name_key="ada critic", slug="ada-critic")
    release = Release.objects.create(film=film, disc_format="Blu-ray", format_key="blu ray", slug="hunter-bd")
    client.force_login(editor)

    response = client.post(ADD, review_form(film, release=str(release.pk), author=str(author.pk)))

    assert response.status_code == 302, form_errors(response)
    review = Review.objects.get()
    assert (review.film, review.release, review.author) == (film, release, author)
    assert review.slug == "the-night-of-the-hunter"
    assert [(r.axis, r.value, r.score) for r in review.ratings.all()] == [
        ("Movie", "Excellent", 95),
        ("Video", "Very Good", 80),
    ]
    page = Client().get(f"/reviews/{review.slug}/")
    assert page.status_code == 200
    assert "The Night of the Hunter" in page.content.decode()


def test_a_draft_is_not_public_until_the_editor_publishes_it_now(client, editor, film):
    client.force_login(editor)
    client.post(ADD, review_form(film, status="draft"))
    review = Review.objects.get()
    assert Client().get(f"/reviews/{review.slug}/").status_code == 404

    response = client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [review.pk]})

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "published" and review.is_public
    assert Client().get(f"/reviews/{review.slug}/").status_code == 200


def test_unpublish_to_draft_takes_a_review_off_the_site(client, editor, stored):
    review = stored()
    client.force_login(editor)

    client.post(CHANGELIST, {"action": "unpublish_to_draft", "_selected_action": [review.pk]})

    review.refresh_from_db()
    assert review.status == "draft"
    assert Client().get(f"/reviews/{review.slug}/").status_code == 404


def test_the_slug_is_made_from_the_headline_when_left_empty(client, editor, film):
    client.force_login(editor)
    client.post(ADD, review_form(film, headline="Hunter on 4K"))
    client.post(ADD, review_form(film, headline="Hunter on 4K"))

    assert sorted(Review.objects.values_list("slug", flat=True)) == ["hunter-on-4k", "hunter-on-4k-2"]


def test_the_film_comes_from_the_release_when_only_the_release_is_chosen(client, editor, film):
    release = Release.objects.create(film=film, disc_format="DVD", format_key="dvd", slug="hunter-dvd")
    client.force_login(editor)

    response = client.post(ADD, review_form(film, film="", release=str(release.pk)))

    assert response.status_code == 302, form_errors(response)
    assert Review.objects.get().film == film


def test_a_release_of_another_film_is_refused(client, editor, film):
    other = Film.objects.create(title="Them!", title_key="them", year=1954, slug="them-1954")
    release = Release.objects.create(film=other, disc_format="DVD", format_key="dvd", slug="them-dvd")
    client.force_login(editor)

    response = client.post(ADD, review_form(film, release=str(release.pk)))

    assert response.status_code == 200
    assert any("This release is of “Them! (1954)”" in e for e in form_errors(response))
    assert not Review.objects.exists()


def test_scheduled_without_a_future_time_is_refused_with_a_clear_message(client, editor, film):
    client.force_login(editor)

    response = client.post(ADD, review_form(film, status="scheduled"))

    assert response.status_code == 200
    assert any(
        "A scheduled review needs a publication time in the future" in e for e in form_errors(response)
    )
    assert not Review.objects.exists()


def test_scheduled_with_a_future_time_waits_for_it(client, editor, film):
    client.force_login(editor)
    later = timezone.now() + dt.timedelta(days=3)

    response = client.post(
        ADD,
        review_form(film, status="scheduled", published_at_0=f"{later:%Y-%m-%d}", published_at_1="09:00:00"),
    )

    assert response.status_code == 302, form_errors(response)
    review = Review.objects.get()
    assert review.status == "scheduled" and not review.is_public
    assert Client().get(f"/reviews/{review.slug}/").status_code == 404


def test_a_scheduled_review_that_went_live_can_still_be_corrected(client, editor, stored, future):
    review = stored(status="scheduled", published_at=future)
    Review.objects.filter(pk=review.pk).update(published_at=timezone.now() - dt.timedelta(hours=1))
    review.refresh_from_db()
    client.force_login(editor)
    data = review_form(review.film, headline="Typo fixed", slug=review.slug, status="scheduled")
    data |= {
        "published_at_0": f"{review.published_at:%Y-%m-%d}",
        "published_at_1": f"{review.published_at:%H:%M:%S}",
    }
    # The form carries the time it showed (the field's default is callable, so Django adds it).
    data |= {f"initial-{k}": data[k] for k in ("published_at_0", "published_at_1")}
    data |= inline("ratings")

    response = client.post(change_url(review), data)

    assert response.status_code == 302, form_errors(response)
    review.refresh_from_db()
    assert review.headline == "Typo fixed" and review.is_public


def test_published_with_a_future_time_asks_for_scheduled_instead(client, editor, film):
    client.force_login(editor)
    later = timezone.now() + dt.timedelta(days=3)

    response = client.post(ADD, review_form(film, published_at_0=f"{later:%Y-%m-%d}"))

    assert any("choose the status “Scheduled”" in e for e in form_errors(response))


def test_the_add_form_offers_the_usual_rating_axes(client, editor):
    client.force_login(editor)

    page = client.get(ADD).content.decode()

    for axis in ("Movie", "Video", "Sound", "Supplements"):
        assert f'value="{axis}"' in page
    assert 'id="reelpress-preview"' in page


def test_rating_rows_left_as_offered_are_skipped_not_refused(client, editor, film):
    client.force_login(editor)
    data = review_form(film)
    axes = ("Movie", "Video", "Sound", "Supplements")
    data.update(
        inline("ratings", [{"axis": axis, "value": "", "order": str(n)} for n, axis in enumerate(axes)])
    )
    data["ratings-0-value"] = "Good"

    response = client.post(ADD, data)

    assert response.status_code == 302, form_errors(response)
    assert [(r.axis, r.value) for r in Review.objects.get().ratings.all()] == [("Movie", "Good")]


def test_staff_see_a_draft_on_the_site_before_readers_do(client, editor, film):
    client.force_login(editor)
    client.post(ADD, review_form(film, status="draft"))
    review = Review.objects.get()

    assert client.get(review.get_absolute_url()).status_code == 200
    assert Client().get(review.get_absolute_url()).status_code == 404


def test_the_change_form_shows_the_films_credits_with_a_link_to_edit_them(client, editor, stored):
    review = stored()
    client.force_login(editor)

    page = client.get(change_url(review)).content.decode()

    assert page.index("Director: Gordon Douglas") < page.index("Cast: James Whitmore")
    assert f"/admin/catalog/film/{review.film_id}/change/" in page


def test_an_admin_save_rewrites_the_search_entry_and_forgets_the_import_hash(client, editor, stored):
    review = stored()
    assert review.record_hash
    client.force_login(editor)
    data = review_form(
        review.film, headline="Them! revisited", slug=review.slug, author=str(review.author_id)
    )
    data.update({"ratings-TOTAL_FORMS": "0"})

    with mock.patch("reelpress.search.index.refresh") as refresh:
        response = client.post(change_url(review), data)

    assert response.status_code == 302, form_errors(response)
    assert {pk for c in refresh.call_args_list for pk in c.args[0]} == {review.pk}
    review.refresh_from_db()
    assert review.record_hash == ""


def test_a_review_edited_on_the_desk_round_trips_through_the_importer(client, editor, stored):
    """The desk and the importer agree: exporting a desk-saved review and storing it changes nothing."""
    from reelpress.ingest.export import record_from_review
    from reelpress.ingest.store import save

    review = stored()
    client.force_login(editor)
    data = review_form(
        review.film, headline="Them! revisited", slug=review.slug, author=str(review.author_id)
    )
    data["release"] = str(review.release_id)
    client.post(change_url(review), data)
    review.refresh_from_db()
    before = record_from_review(review)

    result = save(record_from_review(review))

    assert result.action == "updated" and result.review.pk == review.pk
    result.review.refresh_from_db()
    assert (result.review.film_id, result.review.release_id) == (review.film_id, review.release_id)
    assert record_from_review(result.review) == before


# --- critics: their own reviews only -------------------------------------------------------


def test_a_critic_sees_only_their_own_reviews_in_the_list(client, critic, other_critic, stored):
    mine = stored(headline="Ada on Them!")
    theirs = stored(headline="Bea on Them!", slug="bea-them", reviewer="Bea Reviewer")
    client.force_login(critic)

    page = client.get(CHANGELIST).content.decode()

    assert mine.headline in page
    assert theirs.headline not in page


def test_a_critic_cannot_open_or_delete_another_authors_review(client, critic, other_critic, stored):
    theirs = stored(headline="Bea on Them!", slug="bea-them", reviewer="Bea Reviewer")
    client.force_login(critic)

    assert client.get(change_url(theirs)).status_code in (403, 404)
    assert client.post(change_url(theirs), review_form(theirs.film)).status_code in (403, 404)
    assert client.post(f"/admin/reviews/review/{theirs.pk}/delete/", {"post": "yes"}).status_code in (
        403,
        404,
    )
    theirs.refresh_from_db()
    assert theirs.headline == "Bea on Them!"


def test_a_critics_publish_action_never_reaches_another_authors_review(client, critic, other_critic, stored):
    theirs = stored(headline="Bea on Them!", slug="bea-them", reviewer="Bea Reviewer", status="draft")
    client.force_login(critic)

    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [theirs.pk]})

    theirs.refresh_from_db()
    assert theirs.status == "draft"


def test_a_critic_writes_as_themselves_whatever_author_they_post(client, critic, other_critic, film):
    bea = Author.objects.get(name="Bea Reviewer")
    client.force_login(critic)

    response = client.post(ADD, review_form(film, author=str(bea.pk)))

    assert response.status_code == 302, form_errors(response)
    assert Review.objects.get().author == Author.objects.get(user=critic)


def test_a_critic_cannot_reassign_their_review_to_another_author(client, critic, other_critic, stored):
    mine = stored()
    bea = Author.objects.get(name="Bea Reviewer")
    client.force_login(critic)
    data = review_form(mine.film, headline="Still mine", slug=mine.slug, author=str(bea.pk))
    data["ratings-TOTAL_FORMS"] = "0"

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, form_errors(response)
    mine.refresh_from_db()
    assert mine.headline == "Still mine"
    assert mine.author.user == critic
    assert 'name="author"' not in client.get(change_url(mine)).content.decode()


def test_a_staff_user_with_no_author_cannot_add_reviews(client, critic, stored, django_user_model):
    from django.contrib.auth.models import Group

    stray = django_user_model.objects.create_user("stray", password=PASSWORD, is_staff=True)
    stray.groups.add(Group.objects.get(name="Critics"))
    stored()
    client.force_login(stray)

    assert client.get(ADD).status_code == 403
    assert "Them!" not in client.get(CHANGELIST).content.decode()


# --- preview and authentication ------------------------------------------------------------


def test_the_preview_renders_the_body_as_sanitised_html(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    token = client.get(ADD).context["csrf_token"]

    response = client.post(
        PREVIEW,
        {
            "body": "Some *emphasis*.\n\n<script>alert(1)</script>[x](javascript:alert(2))",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 200
    tree = HTMLParser(response.json()["html"])
    assert tree.css_first("em").text() == "emphasis"
    assert not tree.css("script")
    assert not [a for a in tree.css("a") if "javascript" in (a.attributes.get("href") or "")]


def test_the_preview_refuses_a_post_without_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.post(PREVIEW, {"body": "hello"}).status_code == 403


def test_the_preview_is_for_staff_only(db, django_user_model):
    reader = django_user_model.objects.create_user("reader", password=PASSWORD)
    client = Client()

    assert client.post(PREVIEW, {"body": "hello"}).status_code == 302
    client.force_login(reader)
    response = client.post(PREVIEW, {"body": "hello"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_preview_answers_only_posts(client, editor):
    client.force_login(editor)

    assert client.get(PREVIEW).status_code == 405


def test_an_anonymous_post_to_the_desk_goes_to_the_login_page(client, film):
    response = client.post(ADD, review_form(film))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not Review.objects.exists()


def test_the_desk_is_called_the_editors_desk(client, editor):
    client.force_login(editor)

    assert "ReelPress editors&#x27; desk" in client.get("/admin/").content.decode()
