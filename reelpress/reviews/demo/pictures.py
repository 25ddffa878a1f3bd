"""The demo's pictures, drawn by ReelPress with Pillow when the demo loads: nothing is copied.

- covers: typographic keep-case fronts (a format band, the title, the year and director, the
  label), colours chosen from the title so each film keeps its own;
- frame captures: synthetic frames (a gradient sky, hills, a sun, a figure) in the film's aspect
  ratio, black and white for b&w films, with the timecode burned in;
- portraits: abstract monograms of the critics' initials.

The same review always gives the same bytes, so loading the demo again updates nothing. Two
editions of one film (the demo's Night of the Living Dead on DVD and on 4K) get captures at the
same timecodes, the DVD's drawn at standard definition and softened, so the film page's
comparison has something to show.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import re

from PIL import Image, ImageDraw, ImageFilter, ImageFont

COVER_WIDTH = 400
FRAME_WIDTH = 640
PORTRAIT_SIDE = 240
JPEG_QUALITY = 90

# Keep-case proportions (width / height): a Blu-ray or 4K case, a DVD case.
CASE_RATIO = {"dvd": 135 / 190, "bd": 148 / 187}


@functools.lru_cache(maxsize=32)
def font(size: int) -> ImageFont.ImageFont:
    """Pillow's own bundled typeface (no system font is assumed, so CI draws the same)."""
    return ImageFont.load_default(size=size)


def _seed(*parts) -> bytes:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()


def _colour(seed: bytes, index: int, saturation=0.55, value=0.55) -> tuple[int, int, int]:
    hue = seed[index % len(seed)] / 255
    r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
    return int(r * 255), int(g * 255), int(b * 255)


def _gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    # A column of the gradient stretched sideways: the same picture as a full resize, far cheaper.
    column = Image.linear_gradient("L").resize((1, size[1]), Image.Resampling.BILINEAR)
    mask = column.resize(size, Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _jpeg(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=face) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def _band(disc_format: str) -> tuple[str, tuple[int, int, int], tuple[int, int, int]]:
    """(text, band colour, text colour) of the format band at the top of a case."""
    fmt = (disc_format or "").lower()
    if "4k" in fmt or "uhd" in fmt:
        return "4K ULTRA HD + BLU-RAY", (12, 12, 14), (240, 240, 240)
    if "blu" in fmt:
        return "BLU-RAY DISC", (16, 78, 160), (255, 255, 255)
    if "dvd" in fmt:
        return "DVD VIDEO", (20, 20, 20), (225, 225, 225)
    return (disc_format or "HOME VIDEO").upper(), (60, 60, 60), (255, 255, 255)


def cover(review: dict) -> bytes:
    """A typographic front cover for a review's edition."""
    title, year = review.get("title") or "Untitled", review.get("year") or ""
    seed = _seed("cover", title, year, review.get("disc_format"), review.get("label"))
    ratio = CASE_RATIO["dvd" if "dvd" in (review.get("disc_format") or "").lower() else "bd"]
    size = (COVER_WIDTH, round(COVER_WIDTH / ratio))
    w, h = size
    dark, light = _colour(seed, 0, 0.65, 0.22), _colour(seed, 1, 0.5, 0.75)
    im = _gradient(size, dark, light)
    draw = ImageDraw.Draw(im)
    # A big shape behind the title: a disc, a bar of stripes or a wedge, by the title's seed.
    accent = _colour(seed, 2, 0.7, 0.9)
    shape = seed[3] % 3
    if shape == 0:
        r = w * (0.35 + seed[4] / 1000)
        cx, cy = w * (0.3 + seed[5] / 600), h * 0.42
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=accent)
    elif shape == 1:
        for n in range(7):
            x = n * w / 6 - w / 4
            draw.polygon([(x, h), (x + w / 12, h), (x + w / 2, 0), (x + w / 2 - w / 12, 0)], fill=accent)
    else:
        draw.polygon([(0, h * 0.75), (w, h * 0.2), (w, h * 0.55)], fill=accent)
    text, band, ink = _band(review.get("disc_format") or "")
    draw.rectangle((0, 0, w, 46), fill=band)
    draw.text((w / 2, 23), text, font=font(22), fill=ink, anchor="mm")
    # The title, as large as fits in three lines.
    for px in (64, 56, 48, 40, 34, 28):
        lines = _wrap(draw, title.upper(), font(px), w - 60)
        if len(lines) <= 3 and all(draw.textlength(line, font=font(px)) <= w - 40 for line in lines):
            break
    # Title and byline sit above the label band: raised when three big lines would run into it.
    block = len(lines) * px * 1.1 + 14 + 20
    y = min(h * 0.58, h - 52 - block)
    for line in lines:
        draw.text((w / 2 + 2, y + 2), line, font=font(px), fill=(0, 0, 0), anchor="mt")
        draw.text((w / 2, y), line, font=font(px), fill=(250, 246, 235), anchor="mt")
        y += px * 1.1
    director = ", ".join(review.get("directors") or [])
    byline = " · ".join(p for p in (f"A FILM BY {director.upper()}" if director else "", str(year)) if p)
    draw.text((w / 2, y + 14), byline, font=font(17), fill=(235, 230, 220), anchor="mt")
    draw.rectangle((0, h - 40, w, h), fill=(0, 0, 0))
    label = (review.get("label") or "").upper()
    draw.text((w / 2, h - 20), label, font=font(18), fill=(235, 235, 235), anchor="mm")
    return _jpeg(im)


def aspect(review: dict) -> float:
    """The film's aspect ratio as a number ("2.35:1" -> 2.35), 16:9 when it gives none."""
    match = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?::\s*1)?", review.get("aspect_ratio") or "")
    value = float(match.group(1)) if match else 1.78
    return value if 1.0 <= value <= 2.8 else 1.78


def scene(review: dict, timecode: str, width: int) -> Image.Image:
    """A synthetic frame of the film at ``timecode``: the same picture at any width."""
    seed = _seed("frame", review.get("title"), review.get("year"), timecode)
    height = round(width / aspect(review))
    size = (width, height)
    im = _gradient(size, _colour(seed, 0, 0.5, 0.35), _colour(seed, 1, 0.45, 0.9))
    draw = ImageDraw.Draw(im)
    sun = width * (0.15 + seed[2] / 400), height * (0.2 + seed[3] / 1200)
    r = height * 0.09
    draw.ellipse((sun[0] - r, sun[1] - r, sun[0] + r, sun[1] + r), fill=_colour(seed, 4, 0.25, 1.0))
    for layer in range(3):  # hills, far to near, darker as they come closer
        points = [(0, height)]
        steps = 8
        for n in range(steps + 1):
            bump = seed[5 + layer * 9 + n] / 255
            points.append((width * n / steps, height * (0.55 + layer * 0.1 + bump * 0.12)))
        points.append((width, height))
        draw.polygon(points, fill=_colour(seed, 30 + layer, 0.45, 0.45 - layer * 0.12))
    # A figure on the near hill: a body and a head.
    fx, fy = width * (0.45 + seed[20] / 900), height * 0.74
    unit = height / 60
    draw.rectangle((fx - unit * 2, fy - unit * 9, fx + unit * 2, fy), fill=(15, 15, 18))
    draw.ellipse((fx - unit * 1.8, fy - unit * 13, fx + unit * 1.8, fy - unit * 9.4), fill=(15, 15, 18))
    if (review.get("color") or "").lower() in ("b&w", "black and white"):
        im = im.convert("L").convert("RGB")
    return im


def _burn_timecode(im: Image.Image, timecode: str) -> None:
    draw = ImageDraw.Draw(im)
    face = font(max(14, im.height // 24))
    text = _clock(timecode)
    box = draw.textbbox((0, 0), text, font=face)
    pad = 6
    x, y = im.width - box[2] - pad * 3, im.height - box[3] - pad * 3
    draw.rectangle((x - pad, y - pad, x + box[2] + pad, y + box[3] + pad), fill=(0, 0, 0))
    draw.text((x, y), text, font=face, fill=(255, 255, 255))


def _clock(timecode: str) -> str:
    parts = [int(p) for p in timecode.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return "{:02}:{:02}:{:02}".format(*parts)


def capture(review: dict, timecode: str) -> bytes:
    """A frame capture of the review's edition: standard-definition editions look it."""
    fmt = (review.get("disc_format") or "").lower()
    if "dvd" in fmt and "blu" not in fmt:
        # Drawn at half the width, blown up, softened and with lifted blacks, as an old SD transfer.
        small = scene(review, timecode, FRAME_WIDTH // 2).resize(
            (FRAME_WIDTH, round(FRAME_WIDTH / aspect(review)))
        )
        small = small.filter(ImageFilter.GaussianBlur(0.8))
        im = small.point(lambda v: 28 + v * 0.8)
    else:
        im = scene(review, timecode, FRAME_WIDTH)
    _burn_timecode(im, timecode)
    return _jpeg(im)


def portrait(name: str) -> bytes:
    """An abstract monogram of a critic's initials on concentric shapes."""
    seed = _seed("portrait", name)
    side = PORTRAIT_SIDE
    im = _gradient((side, side), _colour(seed, 0, 0.45, 0.3), _colour(seed, 1, 0.4, 0.7))
    draw = ImageDraw.Draw(im)
    for ring in range(4, 0, -1):
        r = side * ring / 9
        c = side / 2 + (seed[ring] - 128) / 8
        draw.ellipse((c - r, c - r, c + r, c + r), outline=_colour(seed, 10 + ring, 0.4, 0.95), width=6)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw.text((side / 2, side / 2), initials, font=font(side // 3), fill=(255, 255, 255), anchor="mm")
    return _jpeg(im)


def timecodes(review: dict) -> list[str]:
    """Where a review's captures are taken. Editions of one film share them (for the comparison)."""
    runtime = review.get("runtime_minutes") or 90
    seed = _seed("when", review.get("title"), review.get("year"))
    found = []
    for n, share in enumerate((0.18, 0.62)):
        minute = int(runtime * share) + seed[n] % 7
        found.append(f"{minute // 60}:{minute % 60:02}:{seed[n + 2] % 60:02}")
    return found


def pictures_for(review: dict, portrait_of_reviewer: bool) -> list[dict]:
    """The ``ReviewRecord.images`` of one demo review (drawn once per process: the same bytes)."""
    key = (review.get("slug") or review.get("title"), review.get("disc_format"), portrait_of_reviewer)
    if key not in _drawn:
        _drawn[key] = _draw(review, portrait_of_reviewer)
    return [dict(entry) for entry in _drawn[key]]


_drawn: dict[tuple, list[dict]] = {}


def _draw(review: dict, portrait_of_reviewer: bool) -> list[dict]:
    title, year = review.get("title"), review.get("year")
    edition = ", ".join(p for p in (review.get("disc_format"), review.get("label")) if p)
    entries = [
        {
            "kind": "front",
            "data": cover(review),
            "alt": f"Front cover of the {edition} of {title} ({year}): the title in large capitals "
            "over a coloured design, the format band at the top and the label at the bottom",
        }
    ]
    for when in timecodes(review):
        entries.append(
            {
                "kind": "capture",
                "data": capture(review, when),
                "timecode": when,
                "alt": f"Frame from {title} at {when}: hills under a low sun, a lone figure on the "
                "nearest ridge (a picture drawn for the demo)",
                "caption": f"{title} at {when} ({edition})",
            }
        )
    if portrait_of_reviewer and review.get("reviewer"):
        name = review["reviewer"]
        entries.append({"kind": "portrait", "data": portrait(name), "alt": f"Monogram of {name}"})
    return entries
