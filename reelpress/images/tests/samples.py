"""Pictures made in code for the tests: ordinary ones, and the hostile upload set."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw


def jpeg(width=1200, height=800, color=(30, 60, 90), exif=None, **save) -> bytes:
    im = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, width // 3, height // 3), fill=(220, 40, 40))  # top-left marker
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}), **save)
    return out.getvalue()


def png(width=400, height=200, mode="RGBA", color=(10, 120, 200, 128)) -> bytes:
    im = Image.new(mode, (width, height), color)
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def jpeg_with_camera_metadata(width=1200, height=800) -> bytes:
    """A photo as a phone writes it: GPS position, camera make, a comment, orientation 6
    (the pixels are stored turned; a viewer turns them 90° clockwise)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 40.0)}  # GPS
    return jpeg(width, height, exif=exif.tobytes(), comment=b"secret comment")


def zip_renamed_jpg() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("cover.jpg", b"not really" * 100)
    return out.getvalue()


def png_bomb(side=20000) -> bytes:
    """A real decompression bomb: a valid 1-bit PNG of side x side pixels (400 megapixels at
    20000) whose compressed data is a few tens of kilobytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    squeeze = zlib.compressobj(9)
    body = b"".join(squeeze.compress(row) for _ in range(side)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>'
)


def truncated_jpeg() -> bytes:
    data = jpeg(1600, 1200)
    return data[: len(data) // 2]


HOSTILE = {
    "zip renamed .jpg": ("cover.jpg", zip_renamed_jpg, "is a ZIP archive, not a picture"),
    "20000×20000 PNG bomb": ("bomb.png", png_bomb, "is 400 megapixels (a decompression bomb?)"),
    "SVG with script": ("drawing.svg", lambda: SVG_WITH_SCRIPT, "SVG is not accepted"),
    "truncated JPEG": ("half.jpg", truncated_jpeg, "is truncated or damaged"),
}


def files_under(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())
