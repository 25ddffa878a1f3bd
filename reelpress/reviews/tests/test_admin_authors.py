"""Authors and tags on the desk: editors manage authors; a critic edits only their own bio."""

from django.test import Client

from reelpress.reviews.models import Author, Tag
from reelpress.reviews.tests.admin_personas import (  # noqa: F401 - fixtures
    critic_fixture,
    inline,
    other_critic_fixture,
)


def test_an_editor_adds_an_author_linked_to_a_user(client, editor, django_user_model):
    user = django_user_model.objects.create_user("cy", password="cy-pass-123", is_staff=True)
    client.force_login(editor)

    response = client.post(
        "/admin/reviews/author/add/",
        {"name": "Cy Writer", "slug": "", "user": str(user.pk), "email": "", "bio": "Writes about *noir*."}
        | inline("images"),
    )

    assert response.status_code == 302
    author = Author.objects.get()
    assert (author.name_key, author.slug, author.user) == ("cy writer", "cy-writer", user)


def test_a_second_author_with_the_same_name_is_refused(client, editor):
    Author.objects.create(name="Cy Writer", name_key="cy writer", slug="cy-writer")
    client.force_login(editor)

    response = client.post(
        "/admin/reviews/author/add/", {"name": "CY WRITER", "slug": "", "bio": ""} | inline("images")
    )

    assert response.status_code == 200
    assert Author.objects.count() == 1


def test_a_critic_edits_their_own_bio_but_not_their_user_link(client, critic, other_critic):
    ada = Author.objects.get(user=critic)
    bea = Author.objects.get(user=other_critic)
    client.force_login(critic)
    assert client.get(f"/admin/reviews/author/{ada.pk}/change/").status_code == 200

    response = client.post(
        f"/admin/reviews/author/{ada.pk}/change/", {"bio": "New bio", "user": ""} | inline("images")
    )

    assert response.status_code == 302
    ada.refresh_from_db()
    assert (ada.bio, ada.user) == ("New bio", critic)
    assert client.get(f"/admin/reviews/author/{bea.pk}/change/").status_code in (302, 403, 404)
    assert "Bea Reviewer" not in client.get("/admin/reviews/author/").content.decode()


def test_a_critic_cannot_add_or_delete_authors(critic):
    ada = Author.objects.get(user=critic)
    client = Client()
    client.force_login(critic)

    assert client.get("/admin/reviews/author/add/").status_code == 403
    assert client.post(f"/admin/reviews/author/{ada.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_tag_gets_the_slug_the_importer_would_give_it(client, editor):
    client.force_login(editor)

    client.post("/admin/reviews/tag/add/", {"name": "Film Noir", "slug": ""})

    assert Tag.objects.get().slug == "film-noir"
