"""Critics answer letters about their own reviews, as themselves; only editors moderate and see addresses."""

import pytest
from django.urls import reverse

from reelpress.mail.models import Letter
from reelpress.reviews.models import Author
from reelpress.reviews.tests.admin_personas import critic_fixture, other_critic_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

ADDRESS = "reader.private@example.net"
IP = "198.51.100.23"


@pytest.fixture
def letters(stored, critic, other_critic):
    """One letter about Ada's review, one about Bea's, one about no review."""
    ada = stored(slug="them", reviewer="Ada Critic")
    bea = stored(slug="tarantula", title="Tarantula", year=1955, reviewer="Bea Reviewer")

    def letter(subject, review):
        return Letter.objects.create(
            name="Rita", email=ADDRESS, subject=subject, message="Loved it.", review=review, ip_address=IP
        )

    return {
        "ada": letter("About Them!", ada),
        "bea": letter("About Tarantula", bea),
        "none": letter("Hi", None),
    }


def change_url(letter):
    return reverse("admin:mail_letter_change", args=[letter.pk])


def test_a_critic_lists_only_letters_about_their_own_reviews(client, critic, letters):
    client.force_login(critic)
    page = client.get(reverse("admin:mail_letter_changelist")).content.decode()

    assert "About Them!" in page
    assert "About Tarantula" not in page and ">Hi<" not in page
    assert client.get(change_url(letters["bea"])).status_code in (302, 404)


def test_a_critic_never_sees_the_readers_address_or_ip(client, critic, letters):
    client.force_login(critic)
    page = client.get(change_url(letters["ada"])).content.decode()
    listing = client.get(reverse("admin:mail_letter_changelist") + "?q=reader.private").content.decode()

    assert ADDRESS not in page and IP not in page
    assert "About Them!" not in listing  # the address is not searchable either


def test_a_critic_replies_as_themselves_and_cannot_rewrite_or_moderate(client, critic, other_critic, letters):
    letter = letters["ada"]
    bea = Author.objects.get(user=other_critic)
    client.force_login(critic)

    client.post(
        change_url(letter),
        {
            "reply": "Thank you, Rita.",
            "replied_by": str(bea.pk),
            "message": "I hated it.",
            "name": "Someone Else",
            "email": "forged@example.org",
            "status": "approved",
            "is_published": "on",
        },
    )

    letter.refresh_from_db()
    assert letter.reply == "Thank you, Rita."
    assert letter.replied_by == Author.objects.get(user=critic)
    assert letter.replied_at is not None
    assert (letter.message, letter.name, letter.email) == ("Loved it.", "Rita", ADDRESS)
    assert (letter.status, letter.is_published) == (Letter.Status.PENDING, False)


def test_a_critic_cannot_run_moderation_actions(client, critic, letters):
    client.force_login(critic)
    client.post(
        reverse("admin:mail_letter_changelist"),
        {"action": "approve_and_publish", "_selected_action": [letters["ada"].pk]},
    )

    assert not Letter.objects.public().exists()


def test_a_critic_cannot_change_a_letter_about_another_critics_review(client, critic, letters):
    client.force_login(critic)
    full_form = {"name": "Rita", "email": ADDRESS, "subject": "About Tarantula", "message": "Loved it."}
    client.post(change_url(letters["bea"]), {**full_form, "status": "pending", "reply": "Not mine."})

    letters["bea"].refresh_from_db()
    assert letters["bea"].reply == ""


def test_an_editor_still_moderates_and_sees_the_address(client, editor, letters):
    client.force_login(editor)
    page = client.get(change_url(letters["none"])).content.decode()

    assert ADDRESS in page
    client.post(
        reverse("admin:mail_letter_changelist"),
        {"action": "approve_and_publish", "_selected_action": [letters["none"].pk]},
    )
    assert list(Letter.objects.public()) == [letters["none"]]
