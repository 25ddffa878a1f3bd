"""System checks for the picture settings; each message names the fix."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from PIL import features


@register()
def image_settings(app_configs=None, **kwargs):
    problems = []
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend.startswith("storages."):
        try:
            import storages  # noqa: F401
        except ImportError:
            problems.append(
                Error(
                    "REELPRESS_MEDIA_STORAGE=s3 needs django-storages, which is not installed.",
                    hint="pip install 'django-storages[s3]==1.14.6' in the site's virtual environment.",
                    id="reelpress.images.E001",
                )
            )
        if not settings.STORAGES["default"]["OPTIONS"].get("bucket_name"):
            problems.append(
                Error(
                    "REELPRESS_MEDIA_STORAGE=s3 without a bucket.",
                    hint="Set REELPRESS_S3_BUCKET.",
                    id="reelpress.images.E002",
                )
            )
    if "avif" in settings.REELPRESS_IMAGE_FORMATS and not features.check("avif"):
        problems.append(
            Warning(
                "AVIF renditions are asked for but this Pillow cannot write AVIF; WebP and JPEG are made.",
                hint="Install the pinned Pillow, or drop avif from REELPRESS_IMAGE_FORMATS.",
                id="reelpress.images.W001",
            )
        )
    unknown = set(settings.REELPRESS_IMAGE_FORMATS) - {"avif", "webp", "jpeg"}
    if unknown:
        problems.append(
            Error(
                f"REELPRESS_IMAGE_FORMATS names formats not made: {', '.join(sorted(unknown))}.",
                hint="Use avif, webp (JPEG is always made).",
                id="reelpress.images.E003",
            )
        )
    if settings.REELPRESS_IMAGE_RENDITIONS not in ("background", "inline"):
        problems.append(
            Error(
                f"REELPRESS_IMAGE_RENDITIONS={settings.REELPRESS_IMAGE_RENDITIONS!r}.",
                hint="Use background or inline.",
                id="reelpress.images.E004",
            )
        )
    return problems
