"""The image settings, read once from Django's settings (which read them from the environment)."""

from __future__ import annotations

from django.conf import settings
from PIL import features

# Widths made for every picture (never wider than the picture itself): a phone's 1x and 2x
# column, a tablet's, a desktop column and a full-size view.
DEFAULT_WIDTHS = (320, 640, 960, 1280, 1920)


def max_bytes() -> int:
    return settings.REELPRESS_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.REELPRESS_IMAGE_MAX_PIXELS


def master_max_side() -> int:
    return settings.REELPRESS_IMAGE_MASTER_MAX_SIDE


def widths() -> tuple[int, ...]:
    return tuple(sorted(settings.REELPRESS_IMAGE_WIDTHS))


def formats() -> tuple[str, ...]:
    """Rendition formats, best first; JPEG is always last (every browser's fallback)."""
    wanted = [f for f in settings.REELPRESS_IMAGE_FORMATS if f != "jpeg"]
    if "avif" in wanted and not features.check("avif"):
        wanted.remove("avif")
    return (*wanted, "jpeg")


def inline() -> bool:
    """Make renditions inside the request (tests, commands) rather than on the worker thread."""
    return settings.REELPRESS_IMAGE_RENDITIONS == "inline"
