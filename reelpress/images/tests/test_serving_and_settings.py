"""Media served with immutable cache headers (only names ReelPress writes), and the storage
chosen by the environment: the local folder, or S3 through django-storages."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from reelpress.images import uploads
from reelpress.images.storages import IMMUTABLE, media_storage
from reelpress.images.tests.samples import jpeg

pytestmark = pytest.mark.django_db


def test_a_rendition_is_served_with_a_year_long_immutable_cache(client, stored):
    image = uploads.add(stored().release, jpeg(), "front", alt="Cover")
    for url, mime in (
        (image.src(320, "webp"), "image/webp"),
        (image.src(), "image/jpeg"),
        (image.url, "image/jpeg"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
        assert response["Content-Type"] == mime and response["X-Content-Type-Options"] == "nosniff"
    # A browser revalidating gets 304: nothing behind a name ever changes.
    again = client.get(image.url, HTTP_IF_NONE_MATCH=client.get(image.url)["ETag"])
    assert again.status_code == 304


def test_only_stored_picture_names_are_served(client, settings, stored):
    media = Path(settings.MEDIA_ROOT)
    (media / "images" / "ab").mkdir(parents=True)
    (media / "images" / "ab" / "notes.txt").write_text("private")
    (media / "secret.jpg").write_bytes(jpeg())
    for path in ("/media/images/ab/notes.txt", "/media/secret.jpg", "/media/images/../secret.jpg",
                 "/media/images/ab/" + "a" * 64 + ".jpg"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    assert client.post(uploads.add(stored().release, jpeg(), "front", alt="C").url).status_code == 405


def test_the_local_folder_is_the_default_under_the_data_folder(tmp_path):
    storage, url, root = media_storage({}, tmp_path)
    assert storage == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
    }
    assert (url, root) == ("/media/", tmp_path / "media")


def test_s3_is_configured_from_the_environment(tmp_path):
    env = {
        "REELPRESS_MEDIA_STORAGE": "s3",
        "REELPRESS_S3_BUCKET": "reelpress-media",
        "REELPRESS_S3_ENDPOINT_URL": "https://s3.example.net",
        "REELPRESS_S3_CUSTOM_DOMAIN": "media.example.org",
        "REELPRESS_MEDIA_URL": "https://media.example.org/media",
    }
    storage, url, _ = media_storage(env, tmp_path)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "reelpress-media" and options["endpoint_url"] == "https://s3.example.net"
    assert options["querystring_auth"] is False and options["object_parameters"] == {
        "CacheControl": IMMUTABLE
    }
    assert options["custom_domain"] == "media.example.org" and url == "https://media.example.org/media/"
    with pytest.raises(ValueError, match="must be 'local' or 's3'"):
        media_storage({"REELPRESS_MEDIA_STORAGE": "ftp"}, tmp_path)


def test_s3_without_django_storages_or_a_bucket_is_a_system_check_error(settings):
    from reelpress.images.checks import image_settings

    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage({"REELPRESS_MEDIA_STORAGE": "s3"}, Path("."))[0],
    }
    ids = {problem.id for problem in image_settings()}
    assert "reelpress.images.E002" in ids  # no bucket
    try:
        import storages  # noqa: F401
    except ImportError:
        assert "reelpress.images.E001" in ids
    # `reelpress check` (and so every command and the server) stops and names the fix.
    with pytest.raises(SystemCheckError, match="Set REELPRESS_S3_BUCKET"):
        call_command("check")


def test_unknown_formats_are_a_system_check_error(settings):
    from reelpress.images.checks import image_settings

    settings.REELPRESS_IMAGE_FORMATS = ["avif", "gif"]
    assert [p.id for p in image_settings()] == ["reelpress.images.E003"]
