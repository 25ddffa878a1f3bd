"""Taking a picture in: decode it (never trusting its name), refuse what is hostile or too big,
re-encode it without its metadata, store it under its content's hash, and have its renditions made.

``prepare`` writes nothing, so a refused file leaves nothing on disk; ``attach`` stores it for an
owner; ``add`` does both. The desk, the API and ``ingest.store.save()`` all come through here.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from reelpress.images import conf, files
from reelpress.images.models import OWNERS, Image, Kind

# What Pillow may try to decode; anything else is "not a picture" whatever its name says.
ALLOWED = ["JPEG", "PNG", "WEBP", "GIF", "AVIF"]
MASTER_JPEG_QUALITY = 90


class ImageRefused(ValueError):
    """An upload that is not stored; ``str()`` is the message for the person who sent it."""


@dataclass
class Prepared:
    """A checked picture, re-encoded, ready to store: nothing of it is on disk yet."""

    data: bytes  # the master's bytes
    format: str  # "jpeg" or "png" (transparency)
    width: int
    height: int
    sha256: str
    source_sha256: str
    source_name: str = ""
    pixels: PILImage.Image | None = field(default=None, repr=False)  # decoded master, for renditions


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} kB"


def _label(name: str) -> str:
    return f"“{name}”" if name else "The file"


def prepare(data: bytes, name: str = "") -> Prepared:
    """Decode ``data`` and re-encode it as the master; raise ImageRefused with a clear message."""
    who = _label(name)
    if not data:
        raise ImageRefused(f"{who} is empty.")
    if len(data) > conf.max_bytes():
        raise ImageRefused(f"{who} is {_size(len(data))}; pictures may be at most {_size(conf.max_bytes())}.")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") or b"<svg" in head:
        if b"<svg" in data[:4096].lower():
            raise ImageRefused(
                f"{who} is an SVG drawing. SVG is not accepted (it can carry scripts): save it as PNG."
            )
        raise ImageRefused(f"{who} is text (XML or HTML), not a picture.")
    source_sha256 = hashlib.sha256(data).hexdigest()
    try:
        with warnings.catch_warnings():
            # Our own pixel limit (below) is lower than Pillow's warning threshold.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            im = PILImage.open(io.BytesIO(data), formats=ALLOWED)
    except PILImage.DecompressionBombError as bomb:
        # Pillow's own guard (twice its warning threshold, above ours) stopped it first.
        counted = re.search(r"\((\d+) pixels\)", str(bomb))
        raise ImageRefused(_too_many_pixels(who, None, int(counted.group(1)) if counted else None)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        if data[:4] == b"PK\x03\x04":
            raise ImageRefused(f"{who} is a ZIP archive, not a picture.") from None
        if data[:5] == b"%PDF-":
            raise ImageRefused(f"{who} is a PDF document, not a picture.") from None
        raise ImageRefused(
            f"{who} is not a picture ReelPress can read (JPEG, PNG, WebP, GIF, AVIF), whatever its name says."
        ) from None
    width, height = im.size
    if width * height > conf.max_pixels():
        raise ImageRefused(_too_many_pixels(who, (width, height)))
    if width < 1 or height < 1:
        raise ImageRefused(f"{who} has no pixels.")
    try:
        im.load()
        kept = _clean_master_format(data, im)
        pixels = _normalised(im)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefused(
            f"{who} is truncated or damaged and cannot be read to the end ({error})."
        ) from None
    finally:
        im.close()
    if kept and pixels.mode == ("RGBA" if kept == "png" else "RGB"):
        # Already what ReelPress writes (an exported master coming back, a clean file): kept byte
        # for byte, so export -> import -> export is identical and nothing loses a generation.
        fmt, master = kept, data
    else:
        pixels = _scaled(pixels, conf.master_max_side())
        fmt = "png" if pixels.mode == "RGBA" else "jpeg"
        master = encode(pixels, fmt, master=True)
    # Renditions are made from the master as stored (decoded again), so `reelpress images`
    # remaking them later gives the same bytes and names.
    pixels = PILImage.open(io.BytesIO(master))
    pixels.load()
    return Prepared(
        data=master,
        format=fmt,
        width=pixels.width,
        height=pixels.height,
        sha256=hashlib.sha256(master).hexdigest(),
        source_sha256=source_sha256,
        source_name=name[:255],
        pixels=pixels,
    )


# What Pillow reports of a JPEG that carries nothing but its pixels and a JFIF header.
_JFIF_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression", "dpi"}
_PNG_PLAIN_CHUNKS = {b"IHDR", b"IDAT", b"IEND"}


def _clean_master_format(data: bytes, im: PILImage.Image) -> str | None:
    """ "jpeg" or "png" when ``data`` (fully decoded as ``im``) can be the master as it is: RGB JPEG
    or RGBA PNG within the master size, with no metadata of any kind (no EXIF, ICC, XMP, comment,
    text chunk) and nothing after its end marker; else None (it is re-encoded)."""
    if max(im.size) > conf.master_max_side():
        return None
    if im.format == "JPEG" and im.mode == "RGB":
        if set(im.info) - _JFIF_INFO or [m for m, _ in im.applist] != ["APP0"]:
            return None
        if not im.applist[0][1].startswith(b"JFIF\0"):
            return None
        # Entropy-coded data never holds FF D9 (an FF there is followed by 00), so the first one
        # after the first start-of-scan is the real end: it must be the file's last two bytes.
        scan = data.find(b"\xff\xda")
        return "jpeg" if scan > 0 and data.find(b"\xff\xd9", scan) == len(data) - 2 else None
    if im.format == "PNG" and im.mode == "RGBA" and not im.info:
        at, kinds = 8, set()
        while at + 8 <= len(data):
            length = int.from_bytes(data[at : at + 4], "big")
            kinds.add(data[at + 4 : at + 8])
            at += 12 + length
            if data[at - length - 8 : at - length - 4] == b"IEND":
                break
        return "png" if at == len(data) and kinds <= _PNG_PLAIN_CHUNKS else None
    return None


def _too_many_pixels(who: str, size, count: int | None = None) -> str:
    limit = f"pictures may have at most {conf.max_pixels() / 1_000_000:.0f} megapixels"
    if size:
        w, h = size
        return f"{who} is {w} × {h} pixels ({w * h / 1_000_000:.0f} megapixels); {limit}."
    if count:
        return f"{who} is {count / 1_000_000:.0f} megapixels (a decompression bomb?); {limit}."
    return f"{who} has far too many pixels (a decompression bomb?); {limit}."


_SRGB = None


def _normalised(im: PILImage.Image) -> PILImage.Image:
    """Colours in sRGB, turned the way the camera said (EXIF orientation), RGB or RGBA, and no
    metadata: the returned image is a new one that carries none of the file's ``info``."""
    global _SRGB
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            _SRGB = _SRGB or ImageCms.createProfile("sRGB")
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            im = ImageCms.profileToProfile(im, source, _SRGB, outputMode=out_mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    im = ImageOps.exif_transpose(im)
    has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    if has_alpha:
        im = im.convert("RGBA")
        if im.getchannel("A").getextrema() == (255, 255):
            im = im.convert("RGB")  # an alpha channel nothing uses
    elif im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L").convert("RGB")
    else:
        im = im.convert("RGB")
    # A fresh image: no EXIF, XMP, ICC, comments or text chunks travel with the pixels.
    clean = PILImage.new(im.mode, im.size)
    clean.paste(im)
    return clean


def _scaled(im: PILImage.Image, longest: int) -> PILImage.Image:
    if max(im.size) <= longest:
        return im
    ratio = longest / max(im.size)
    size = (max(1, round(im.width * ratio)), max(1, round(im.height * ratio)))
    return im.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def encode(im: PILImage.Image, fmt: str, master: bool = False) -> bytes:
    """The bytes of ``im`` in ``fmt``, with no metadata; the same pixels give the same bytes."""
    out = io.BytesIO()
    if fmt == "jpeg":
        rgb = im if im.mode == "RGB" else _on_white(im)
        quality = MASTER_JPEG_QUALITY if master else 82
        # The master is kept, not sent: Huffman optimisation (a third of the time) only for renditions.
        rgb.save(out, "JPEG", quality=quality, optimize=not master, progressive=not master)
    elif fmt == "png":
        im.save(out, "PNG", optimize=False, compress_level=6)
    elif fmt == "webp":
        # method 2: half the time of the default 4 for files 1 % larger (bench/RESULTS.md, "Pictures").
        im.save(out, "WEBP", quality=80, method=2)
    elif fmt == "avif":
        # speed 10: a third of the time of speed 8 (bench/RESULTS.md, "Pictures").
        im.save(out, "AVIF", quality=55, speed=10)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return out.getvalue()


def _on_white(im: PILImage.Image) -> PILImage.Image:
    background = PILImage.new("RGB", im.size, (255, 255, 255))
    background.paste(im, mask=im.getchannel("A") if im.mode == "RGBA" else None)
    return background


def attach(
    prepared: Prepared,
    owner,
    kind: str,
    alt: str = "",
    caption: str = "",
    decorative: bool = False,
    edition=None,
    timecode=None,
    order: int | None = None,
) -> Image:
    """Store a prepared picture for ``owner`` (a Release, Review, Person, Author or Label).

    Raises django's ValidationError (alt text missing, a kind the owner cannot have...) before
    anything is written. Renditions follow after the transaction commits.
    """
    from reelpress.images import renditions

    field_name = owner_field_of(owner)
    if order is None:
        last = Image.objects.filter(**{field_name: owner}, kind=kind).order_by("-order").first()
        order = last.order + 1 if last else 0
    image = Image(
        **{field_name: owner},
        kind=kind,
        alt=alt or "",
        caption=caption or "",
        decorative=decorative,
        edition=edition,
        timecode=timecode,
        order=order,
        file=files.master_name(prepared.sha256, prepared.format),
        sha256=prepared.sha256,
        source_sha256=prepared.source_sha256,
        width=prepared.width,
        height=prepared.height,
        bytes=len(prepared.data),
        source_name=prepared.source_name,
    )
    image.full_clean()
    fill(image, prepared)
    image.save()
    renditions.schedule(image, prepared.pixels)
    return image


def fill(image: Image, prepared: Prepared) -> None:
    """Write the master's file (if no other row has it already) and point ``image`` at it."""
    image.file = files.master_name(prepared.sha256, prepared.format)
    image.sha256 = prepared.sha256
    image.source_sha256 = prepared.source_sha256
    image.width, image.height, image.bytes = prepared.width, prepared.height, len(prepared.data)
    image.source_name = prepared.source_name
    files.write(image.file, prepared.data)


def add(owner, data: bytes, kind: str, name: str = "", **fields) -> Image:
    """``attach(prepare(data, name), owner, kind, **fields)``."""
    return attach(prepare(data, name), owner, kind, **fields)


def owner_field_of(owner) -> str:
    """The Image field that points at this kind of owner ("release", "review", ...)."""
    name = type(owner)._meta.model_name
    if name not in OWNERS:
        raise TypeError(f"a {name} cannot have pictures")
    return name


def validation_message(error: ValidationError) -> str:
    """One line naming each field's problem, for the API and the commands."""
    if hasattr(error, "message_dict"):
        return " ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


__all__ = ["ImageRefused", "Kind", "Prepared", "add", "attach", "encode", "prepare"]
