"""The pictures API: list as readers see the owner; upload (multipart) and delete with a token
and the desk's rules; the hostile set refused with its message and nothing left on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reelpress.images.models import Image
from reelpress.images.tests.samples import HOSTILE, files_under, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(client):
    def post(path, token=None, name="cover.jpg", data=None, **fields):
        body = {"file": SimpleUploadedFile(name, data if data is not None else jpeg()), **fields}
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.post(f"/api/{path}/images", body, **extra)

    return post


def test_an_editor_uploads_a_cover_and_readers_list_it(upload, client, stored, editor, token_for):
    review = stored()
    release = review.release
    response = upload(f"editions/{release.slug}", token_for(editor), kind="front", alt="The cover")
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["kind"], made["alt"], made["width"], made["height"]) == ("front", "The cover", 1200, 800)
    assert made["url"].startswith("http://") and {r["format"] for r in made["renditions"]} >= {"webp", "jpeg"}
    listed = client.get(f"/api/editions/{release.slug}/images").json()
    assert [i["id"] for i in listed] == [made["id"]]
    # A rendition's URL answers with the picture.
    first = made["renditions"][0]
    assert client.get(first["url"].split("testserver", 1)[-1]).status_code == 200


def test_a_capture_is_uploaded_with_its_edition_and_timecode(upload, stored, editor, token_for):
    review = stored()
    response = upload(
        f"reviews/{review.slug}", token_for(editor), name="f.jpg",
        kind="capture", alt="A frame", caption="The tunnel", edition=review.release.slug, timecode="1:02:03",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert (response.json()["timecode"], response.json()["edition"]) == ("1:02:03", review.release.slug)


def test_without_a_token_nothing_is_stored(upload, stored, _media_in_tmp):
    review = stored()
    assert upload(f"reviews/{review.slug}", kind="capture", alt="x").status_code == 401
    assert Image.objects.count() == 0 and files_under(_media_in_tmp) == []


@pytest.mark.parametrize("case", list(HOSTILE))
def test_each_hostile_file_is_refused_by_the_api(upload, stored, editor, token_for, case, _media_in_tmp):
    name, make, message = HOSTILE[case]
    review = stored()
    response = upload(
        f"reviews/{review.slug}", token_for(editor), name=name, data=make(), kind="capture", alt="x"
    )
    assert response.status_code == 422
    assert message in response.json()["detail"] and response.json()["field"] == "file"
    assert Image.objects.count() == 0 and files_under(_media_in_tmp) == []


def test_missing_alt_and_a_wrong_kind_are_refused_naming_the_field(
    upload, stored, editor, token_for, _media_in_tmp
):
    review = stored()
    token = token_for(editor)
    no_alt = upload(f"reviews/{review.slug}", token, kind="capture")
    assert no_alt.status_code == 422 and no_alt.json()["field"] == "alt"
    wrong = upload(f"reviews/{review.slug}", token, kind="logo", alt="A logo")
    assert wrong.status_code == 422 and wrong.json()["field"] == "kind"
    assert Image.objects.count() == 0 and files_under(_media_in_tmp) == []


def test_a_critic_may_not_add_to_another_authors_review(upload, stored, django_user_model, token_for):
    from reelpress.reviews.management.commands.setup_roles import setup_roles
    from reelpress.reviews.tests.admin_personas import make_critic

    setup_roles()
    bea = make_critic(django_user_model, "bea", "Bea Reviewer")
    review = stored()  # Ada's
    assert upload(f"reviews/{review.slug}", token_for(bea), kind="capture", alt="x").status_code == 403
    ada = make_critic(django_user_model, "ada", "Ada Critic")
    assert upload(f"reviews/{review.slug}", token_for(ada), kind="capture", alt="x").status_code == 201


def test_an_editor_deletes_a_picture(
    client, stored, editor, token_for, django_capture_on_commit_callbacks, _media_in_tmp
):
    from reelpress.images import uploads

    image = uploads.add(stored().release, jpeg(), "front", alt="Cover")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(editor)}"}
    assert client.delete(f"/api/images/{image.pk}").status_code == 401
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/images/{image.pk}", **auth).status_code == 204
    assert Image.objects.count() == 0 and files_under(_media_in_tmp) == []
    assert client.delete(f"/api/images/{image.pk}", **auth).status_code == 404


def test_drafts_pictures_are_not_listed(client, stored, future):
    review = stored(status="scheduled", published_at=future)
    assert client.get(f"/api/reviews/{review.slug}/images").status_code == 404


def test_a_posted_record_may_not_name_files_on_the_server(post_record, make_record, editor, token_for):
    import dataclasses

    body = dataclasses.asdict(make_record(images=[{"kind": "front", "path": "/etc/hostname", "alt": "x"}]))
    response = post_record(body, token=token_for(editor))
    assert response.status_code == 422 and response.json()["field"] == "images"
