"""The pictures of WordPress posts: the featured image and the ``<img>`` of the body, as
``ReviewRecord.images`` entries read from the export's uploads folder (``--media-dir``).

A WXR export links to its files; it does not hold them. Attachments are items of their own
(``wp:post_type`` attachment) with the file (``_wp_attached_file``, else ``wp:attachment_url``),
the alt text (``_wp_attachment_image_alt``) and the caption (the excerpt); a post names its
featured image by ``_thumbnail_id``. Body images are found by their ``wp-image-<id>`` class or
their URL; WordPress's resized copies (``name-1024x576.jpg``) give way to the original upload
when it is in the folder. The featured image is the review's front picture, body images its frame
captures. A file that is not there is a note naming it; the post comes in without it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.ingest.importers.media import MissingPicture, inside, uploads_path

_SIZED = re.compile(r"^(?P<stem>.+)-\d{2,5}x\d{2,5}(?P<ext>\.\w+)$")
_ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_CAPTION = re.compile(r"\[caption\b[^\]]*\](?P<inner>.*?)\[/caption\]", re.S | re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")
MAX_BODY_PICTURES = 40  # a gallery post beyond this is a gallery, not a review's captures


@dataclass
class Attachment:
    path: str | None  # inside the uploads folder: "2019/03/them.jpg"
    alt: str = ""
    caption: str = ""


def postmeta(kids: dict[str, list]) -> dict[str, str]:
    """An item's ``wp:postmeta`` as key -> value."""
    meta = {}
    for element in kids.get("wp:postmeta", []):
        key = value = None
        for child in element:
            local = child.tag.rpartition("}")[2]
            if local == "meta_key":
                key = (child.text or "").strip()
            elif local == "meta_value":
                value = child.text or ""
        if key:
            meta[key] = value or ""
    return meta


def attachment_of(kids: dict[str, list], text) -> tuple[str, Attachment] | None:
    """(post id, attachment) for an attachment item, else None. ``text(kids, key)`` reads a child."""
    if text(kids, "wp:post_type") != "attachment":
        return None
    meta = postmeta(kids)
    path = meta.get("_wp_attached_file", "").strip() or uploads_path(text(kids, "wp:attachment_url") or "")
    caption = html.unescape(_TAG.sub("", text(kids, "excerpt:encoded"))).strip()
    alt = html.unescape(meta.get("_wp_attachment_image_alt", "")).strip()
    return text(kids, "wp:post_id"), Attachment(path or None, alt=alt, caption=caption)


class PostPictures:
    """Turns a post into its picture entries, given the export's attachments and uploads folder."""

    def __init__(self, media_dir: str | None, attachments: dict[str, Attachment]):
        self.media_dir = Path(media_dir) if media_dir else None
        self.attachments = attachments
        self.by_path = {a.path: a for a in attachments.values() if a.path}
        self.posts_with_pictures_unread = 0  # without --media-dir

    def entries(self, kids: dict[str, list], content: str) -> tuple[list[dict], list[str]]:
        """(images for the record, notes naming each picture left out)."""
        wanted = []  # (relative path or None, src as written, alt, caption, kind)
        thumbnail = postmeta(kids).get("_thumbnail_id", "").strip()
        featured = self.attachments.get(thumbnail)
        if featured is None and thumbnail and self.media_dir is not None:
            wanted.append((None, f"(attachment {thumbnail}, not in the export)", "", "", "front"))
        elif thumbnail and self.media_dir is None:
            wanted.append((None, "", "", "", "front"))  # counted below
        if featured is not None:
            wanted.append((featured.path, featured.path or "?", featured.alt, featured.caption, "front"))
        for src, alt, caption, attachment_id in body_images(content):
            attachment = self.attachments.get(attachment_id) if attachment_id else None
            relative = uploads_path(src) if "/uploads/" in src else None
            if attachment is None and relative:
                attachment = self.by_path.get(relative) or self.by_path.get(_original(relative))
            if attachment is not None and attachment.path:
                relative = relative or attachment.path
                alt = alt or attachment.alt
                caption = caption or attachment.caption
            wanted.append((relative, src, alt, caption, "capture"))
        if not wanted:
            return [], []
        if self.media_dir is None:
            self.posts_with_pictures_unread += 1
            return [], []
        images, notes, seen = [], [], set()
        for relative, src, alt, caption, kind in wanted[: MAX_BODY_PICTURES + 1]:
            where = "featured image" if kind == "front" else "picture in the post body"
            if not relative:
                notes.append(f"{where} {src[:200]} is not in the uploads folder: left out")
                continue
            try:
                found = self._file(relative)
            except MissingPicture as problem:
                notes.append(f"{where} {problem}")
                continue
            if found in seen:
                continue  # the featured image shown again in the body, or one picture twice
            seen.add(found)
            entry = {"kind": kind, "path": str(found), "alt": alt[:500], "caption": caption[:500]}
            images.append({k: v for k, v in entry.items() if v != ""})
        if len(wanted) > MAX_BODY_PICTURES + 1:
            notes.append(f"only the first {MAX_BODY_PICTURES} pictures of the post body were taken")
        return images, notes

    def _file(self, relative: str) -> Path:
        """The file in the uploads folder: the original upload when ``relative`` is a resized copy
        and the original is there, else the copy itself."""
        for candidate in (_original(relative), relative):
            if candidate is None:
                continue
            for base in (
                self.media_dir,
                self.media_dir / "uploads",
                self.media_dir / "wp-content" / "uploads",
            ):
                path = inside(base, candidate)
                if path.is_file():
                    return path
        raise MissingPicture(f"{relative}: not found in {self.media_dir}")


def _original(relative: str) -> str | None:
    folder, _, name = relative.rpartition("/")
    match = _SIZED.match(name)
    if not match:
        return None
    return f"{folder}/{match['stem']}{match['ext']}" if folder else f"{match['stem']}{match['ext']}"


def body_images(content: str) -> list[tuple[str, str, str, str | None]]:
    """(src, alt, caption, attachment id) of each ``<img>`` in a post body, in order."""
    if "<img" not in content.lower():
        return []
    captions = {}
    for match in _CAPTION.finditer(content):
        inner = match["inner"]
        text = html.unescape(_TAG.sub(" ", inner)).strip()
        for src in re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)", inner, re.I):
            captions[html.unescape(src)] = " ".join(text.split())
    found = []
    for img in HTMLParser(content).css("img"):
        src = (img.attributes.get("src") or "").strip()
        if not src or src.lower().startswith("data:"):
            continue
        alt = " ".join((img.attributes.get("alt") or "").split())
        figure = img.parent
        while figure is not None and figure.tag not in ("figure", "body", "html"):
            figure = figure.parent
        caption = captions.get(src, "")
        if not caption and figure is not None and figure.tag == "figure":
            figcaption = figure.css_first("figcaption")
            caption = " ".join(figcaption.text().split()) if figcaption is not None else ""
        classes = img.attributes.get("class") or ""
        attachment = _ATTACHMENT_CLASS.search(classes)
        found.append((src, alt, caption, attachment.group(1) if attachment else None))
    return found
