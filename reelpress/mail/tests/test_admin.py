"""The editor's mailbox in the admin: filters, bulk moderation, reply, publish, the column."""

from django.urls import reverse

from reelpress.mail.models import Letter
from reelpress.reviews.models import Author


def _letter(n=0, **fields):
    return Letter.objects.create(
        name="Rita", email=f"r{n}@example.net", subject=f"Letter {n}", message="Hello", **fields
    )


def test_the_letter_list_loads_with_its_filters(client, editor):
    _letter(0)
    _letter(1, status=Letter.Status.SPAM)
    client.force_login(editor)
    url = reverse("admin:mail_letter_changelist")
    assert client.get(url).status_code == 200
    response = client.get(url + "?status__exact=pending")
    assert response.status_code == 200
    assert "Letter 0" in response.content.decode()
    assert "Letter 1" not in response.content.decode()
    assert client.get(url + "?has_reply=no&is_published__exact=0").status_code == 200
    assert client.get(url + "?q=Hello").status_code == 200


def test_bulk_approve_and_publish_makes_letters_public(client, editor):
    letters = [_letter(n) for n in range(3)]
    client.force_login(editor)
    client.post(
        reverse("admin:mail_letter_changelist"),
        {"action": "approve_and_publish", "_selected_action": [letters[0].pk, letters[1].pk]},
    )
    public = Letter.objects.public()
    assert set(public) == {letters[0], letters[1]}
    assert all(letter.published_at for letter in public)


def test_publish_skips_letters_that_are_not_approved(client, editor):
    pending = _letter(0)
    approved = _letter(1, status=Letter.Status.APPROVED)
    client.force_login(editor)
    client.post(
        reverse("admin:mail_letter_changelist"),
        {"action": "publish", "_selected_action": [pending.pk, approved.pk]},
    )
    assert list(Letter.objects.public()) == [approved]


def test_marking_spam_unpublishes(client, editor):
    letter = _letter(0, status=Letter.Status.APPROVED, is_published=True)
    client.force_login(editor)
    changelist = reverse("admin:mail_letter_changelist")
    client.post(changelist, {"action": "mark_spam", "_selected_action": [letter.pk]})
    letter.refresh_from_db()
    assert (letter.status, letter.is_published) == (Letter.Status.SPAM, False)


def _change_form_data(letter, **changes):
    data = {
        "name": letter.name,
        "email": letter.email,
        "subject": letter.subject,
        "message": letter.message,
        "review": "",
        "status": letter.status,
        "column": "",
        "reply": "",
        "replied_by": "",
        "replied_at_0": "",
        "replied_at_1": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_a_reply_is_signed_and_dated_by_the_editor(client, editor, column):
    author = Author.objects.create(name="Ed Itor", name_key="ed itor", slug="ed-itor", user=editor)
    letter = _letter(0)
    client.force_login(editor)
    response = client.post(
        reverse("admin:mail_letter_change", args=[letter.pk]),
        _change_form_data(letter, status="approved", is_published="on", reply="Thanks!", column=column.pk),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    letter.refresh_from_db()
    assert letter.is_public
    assert letter.replied_by == author
    assert letter.replied_at is not None
    assert letter.column == column


def test_a_letter_that_is_not_approved_cannot_be_published(client, editor):
    letter = _letter(0)
    client.force_login(editor)
    response = client.post(
        reverse("admin:mail_letter_change", args=[letter.pk]),
        _change_form_data(letter, status="pending", is_published="on"),
    )
    assert response.status_code == 200
    assert "Only an approved letter can be published." in response.content.decode()
    letter.refresh_from_db()
    assert not letter.is_published


def test_the_change_page_shows_the_message_as_inert_text(client, editor):
    letter = _letter(0)
    Letter.objects.filter(pk=letter.pk).update(message="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(reverse("admin:mail_letter_change", args=[letter.pk])).content.decode()
    assert "<script>alert(1)" not in html


def test_review_column_and_replier_are_autocomplete_boxes(client, editor):
    letter = _letter(0)
    client.force_login(editor)
    page = client.get(reverse("admin:mail_letter_change", args=[letter.pk])).content.decode()
    for field in ("review", "column", "replied_by"):
        assert f'name="{field}"' in page
    assert page.count("admin-autocomplete") >= 3


def test_the_autocomplete_for_columns_answers(client, editor, column):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "mail", "model_name": "letter", "field_name": "column", "term": "Monsters"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(column)]


def test_the_column_letters_inline_is_ready_for_the_column_admin(rf, editor, column, publish):
    from django.contrib import admin

    from reelpress.mail.admin import ColumnLetterInline
    from reelpress.reviews.models import Column

    letter = publish(_letter(0), column=column)
    inline = ColumnLetterInline(Column, admin.site)
    assert inline.check() == []
    request = rf.get("/")
    request.user = editor
    formset = inline.get_formset(request, column)(instance=column)
    assert [form.instance for form in formset.forms] == [letter]
    assert not inline.has_add_permission(request, column)
