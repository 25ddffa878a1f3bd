"""The editors' desk: upload, describe, reorder and delete pictures on an edition, a review, a
person, an author and a label; hostile files are refused on their row and leave nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reelpress.images.models import Image
from reelpress.images.tests.desk import form_data
from reelpress.images.tests.samples import HOSTILE, files_under, jpeg, png


def _change(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    return url, form_data(page.content.decode())


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_uploads_a_front_cover_to_an_edition(desk, stored):
    release = stored().release
    url, data = _change(desk, release)
    data.update({
        "images-0-upload": SimpleUploadedFile("cover.jpg", jpeg(1500, 2000), "image/jpeg"),
        "images-0-kind": "front",
        "images-0-alt": "Front cover: a giant ant over the desert",
        "images-0-order": "0",
    })  # fmt: skip
    response = desk.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get(release=release)
    assert (image.kind, image.width, image.height, image.ready) == ("front", 1500, 2000, True)
    assert image.source_name == "cover.jpg"
    # The row now shows the picture itself.
    assert image.src(320) in desk.get(url).content.decode()


def test_the_desk_refuses_an_empty_alt_unless_decorative(desk, stored, _media_in_tmp):
    release = stored().release
    url, data = _change(desk, release)
    data.update(
        {"images-0-upload": SimpleUploadedFile("c.jpg", jpeg()), "images-0-kind": "back", "images-0-alt": ""}
    )
    response = desk.post(url, data)
    assert response.status_code == 200
    assert "Describe the picture for readers who cannot see it" in response.content.decode()
    assert Image.objects.count() == 0 and files_under(_media_in_tmp) == []
    data["images-0-upload"] = SimpleUploadedFile("c.jpg", jpeg())
    data["images-0-decorative"] = "on"
    assert desk.post(url, data).status_code == 302
    assert Image.objects.get().decorative


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_desk_refuses_each_hostile_file_and_keeps_nothing(desk, stored, case, _media_in_tmp):
    name, make, message = HOSTILE[case]
    release = stored().release
    url, data = _change(desk, release)
    data.update(
        {
            "images-0-upload": SimpleUploadedFile(name, make()),
            "images-0-kind": "front",
            "images-0-alt": "Cover",
        }
    )
    response = desk.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page.replace("&quot;", '"').replace("&#x27;", "'")
    assert Image.objects.count() == 0
    assert files_under(_media_in_tmp) == []


def test_captures_are_reordered_captioned_and_deleted_on_the_review(
    desk, stored, django_capture_on_commit_callbacks, _media_in_tmp
):
    review = stored()
    url, data = _change(desk, review)
    data.update({"images-TOTAL_FORMS": "2"})
    for n, (color, seconds) in enumerate([((200, 0, 0), "0:42:10"), ((0, 200, 0), "1:05:00")]):
        data.update({
            f"images-{n}-upload": SimpleUploadedFile(f"frame{n}.png", jpeg(1920, 1080, color=color)),
            f"images-{n}-kind": "capture",
            f"images-{n}-alt": f"Frame {n}",
            f"images-{n}-caption": f"Caption {n}",
            f"images-{n}-edition": str(review.release.pk),
            f"images-{n}-timecode": seconds,
            f"images-{n}-order": str(n),
        })  # fmt: skip
    assert desk.post(url, data).status_code == 302
    first, second = Image.objects.filter(review=review)
    assert (first.alt, first.timecode, first.edition) == (
        "Frame 0",
        dt.timedelta(minutes=42, seconds=10),
        review.release,
    )
    # Reorder: the second comes first; and a new caption.
    url, data = _change(desk, review)
    data.update({"images-0-order": "5", "images-1-order": "1", "images-1-caption": "The tunnel"})
    assert desk.post(url, data).status_code == 302
    assert [(i.alt, i.caption) for i in Image.objects.filter(review=review)] == [
        ("Frame 1", "The tunnel"),
        ("Frame 0", "Caption 0"),
    ]
    # Delete one: its files go after the commit.
    url, data = _change(desk, review)
    data["images-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(url, data).status_code == 302
    assert [i.alt for i in Image.objects.filter(review=review)] == ["Frame 0"]  # row 0 was "Frame 1"
    left = {p.name for p in files_under(_media_in_tmp)}
    assert all(name.startswith(Image.objects.get().sha256[:16]) for name in left)


def test_a_portrait_and_a_logo_need_no_kind(desk, stored):
    review = stored()
    url, data = _change(desk, review.author)
    data.update(
        {
            "images-0-upload": SimpleUploadedFile("ada.jpg", jpeg(600, 800)),
            "images-0-alt": "Ada Critic, smiling",
        }
    )
    assert desk.post(url, data).status_code == 302
    assert Image.objects.get(author=review.author).kind == "portrait"
    url, data = _change(desk, review.release.label)
    data.update({"images-0-upload": SimpleUploadedFile("logo.png", png()), "images-0-alt": "Warner Archive"})
    assert desk.post(url, data).status_code == 302
    assert Image.objects.get(label=review.release.label).kind == "logo"


def test_every_owners_form_is_sent_as_multipart(desk, stored):
    """Without it a browser would send the file's name, not the file."""
    review = stored()
    for obj in (
        review,
        review.release,
        review.author,
        review.release.label,
        review.film.credits.first().person,
    ):
        opts = obj._meta
        page = desk.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        ).content.decode()
        assert 'enctype="multipart/form-data"' in page, opts.model_name


def test_the_capture_rows_edition_select_is_named(desk, stored):
    review = stored()
    page = desk.get(reverse("admin:reviews_review_change", args=[review.pk])).content.decode()
    from selectolax.lexbor import LexborHTMLParser

    select = LexborHTMLParser(page).css_first("#id_images-0-edition")
    assert select.attributes.get("aria-label") == "Picture 1: Edition"
