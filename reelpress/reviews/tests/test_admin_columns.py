"""Writing a column update on the desk: picking the newly published reviews it announces."""

from django.test import Client
from django.utils import timezone

from reelpress.reviews.models import Column, ColumnEntry
from reelpress.reviews.tests.admin_personas import critic_fixture, inline, other_critic_fixture  # noqa: F401 - fixtures

ADD = "/admin/reviews/column/add/"


def column_form(*reviews, **fields):
    data = {
        "date": "2026-01-11",
        "title": "Ants, preachers and a wet weekend",
        "slug": "",
        "is_published": "on",
        "notes": "A short column this week.",
        "_save": "Save",
    }
    data.update(inline("entries", [{"review": str(r.pk), "order": str(n)} for n, r in enumerate(reviews)]))
    data.update(inline("letters"))  # the read-only list of letters printed in the column
    data.update(fields)
    return data


def test_an_editor_saves_a_column_with_its_entries(client, editor, stored):
    first = stored(headline="Them!")
    second = stored(headline="Tarantula", title="Tarantula", year=1955, slug="tarantula")
    client.force_login(editor)

    response = client.post(ADD, column_form(first, second))

    assert response.status_code == 302, response.context["adminform"].form.errors
    column = Column.objects.get()
    assert column.slug == "2026-01-11-ants-preachers-and-a-wet-weekend"
    assert [e.review for e in column.entries.all()] == [first, second]
    page = Client().get(column.get_absolute_url()).content.decode()
    assert "Tarantula" in page


def test_a_review_announced_in_an_earlier_column_cannot_be_announced_again(client, editor, stored):
    review = stored()
    client.force_login(editor)
    client.post(ADD, column_form(review))

    response = client.post(ADD, column_form(review, title="Again", date="2026-01-18"))

    assert response.status_code == 200
    assert Column.objects.count() == 1
    assert "Select a valid choice" in response.content.decode()


def test_a_column_keeps_its_own_entries_when_it_is_edited(client, editor, stored):
    review = stored()
    client.force_login(editor)
    client.post(ADD, column_form(review))
    column = Column.objects.get()
    entry = column.entries.get()
    data = column_form(title="Renamed", slug=column.slug)
    data.update(inline("entries", [{"id": str(entry.pk), "column": str(column.pk), "review": str(review.pk),
                                    "order": "0"}], initial=1))  # fmt: skip

    response = client.post(f"/admin/reviews/column/{column.pk}/change/", data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    column.refresh_from_db()
    assert column.title == "Renamed"
    assert list(column.reviews.all()) == [review]


def test_drafts_and_scheduled_reviews_are_not_offered_to_a_column(client, editor, stored, future):
    draft = stored(headline="Draft", slug="draft", status="draft")
    later = stored(headline="Later", slug="later", status="scheduled", published_at=future)
    client.force_login(editor)

    response = client.post(ADD, column_form(draft, later))

    assert response.status_code == 200
    assert not ColumnEntry.objects.exists()


def test_the_review_picker_searches_only_reviews_waiting_to_be_announced(client, editor, stored):
    announced = stored(headline="Them! announced")
    waiting = stored(headline="Them! waiting", slug="them-waiting", title="Them", year=1955)
    stored(headline="Them! draft", slug="them-draft", status="draft")
    client.force_login(editor)
    client.post(ADD, column_form(announced))

    response = client.get(
        "/admin/autocomplete/",
        {"term": "Them", "app_label": "reviews", "model_name": "columnentry", "field_name": "review"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [waiting.headline]


def test_the_column_form_lists_reviews_not_yet_announced(client, editor, stored):
    stored(headline="Them! waiting")
    client.force_login(editor)

    page = client.get(ADD).content.decode()

    assert "Them! waiting" in page


def test_a_critic_writes_columns_as_themselves_and_sees_only_theirs(
    client, critic, other_critic, editor, stored
):
    mine = stored()
    client.force_login(critic)

    response = client.post(ADD, column_form(mine))

    assert response.status_code == 302
    column = Column.objects.get()
    assert column.author.user == critic
    bea = Client()
    bea.force_login(other_critic)
    assert bea.get(f"/admin/reviews/column/{column.pk}/change/").status_code == 403
    assert column.title not in bea.get("/admin/reviews/column/").content.decode()


def test_a_column_dated_today_is_public_at_once(client, editor, stored):
    review = stored()
    client.force_login(editor)
    today = timezone.localdate()

    client.post(ADD, column_form(review, date=today.isoformat()))

    assert Client().get(Column.objects.get().get_absolute_url()).status_code == 200
