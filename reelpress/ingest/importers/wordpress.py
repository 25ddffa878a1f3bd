"""WordPress exports (WXR 1.0-1.2): each post becomes a review, its body read by the page extractor.

Two passes over the file. The first, with expat, refuses any DOCTYPE or ENTITY declaration (a
WordPress export has none; entity expansion is the "billion laughs" attack), checks the XML is
well formed and that it is a WordPress export, and counts the items, so a malformed file imports
nothing. The second streams the items with ``ElementTree.iterparse``, freeing each after use.

Mapping: ``dc:creator`` -> the ``wp:author`` display name; ``wp:post_date_gmt`` (else ``pubDate``)
-> published_at; categories and tags -> tags; ``wp:status`` publish -> published, future ->
scheduled, draft/pending/private -> draft (trash and auto-drafts are skipped); ``content:encoded``
-> the extractor; the post title -> headline (and the title when the extractor finds none);
``link`` (else an http(s) ``guid``) -> source_url; ``wp:post_name`` -> slug. Approved comments
become published reader letters when asked (``--comments``); the featured image and the body's
pictures come from the uploads folder with ``--media-dir`` (``wordpress_media``).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from xml.parsers import expat

from reelpress.ingest.importers.files import InputError, binary_kind, check_size
from reelpress.ingest.importers.items import Item
from reelpress.ingest.importers.pages import extract_fields, page_data
from reelpress.ingest.importers.wordpress_media import PostPictures, attachment_of
from reelpress.ingest.record import ReviewRecord
from reelpress.lib.text import fold

WP = "http://wordpress.org/export/"  # followed by the WXR version: 1.0/, 1.1/, 1.2/
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
EXCERPT = "/excerpt/"  # http://wordpress.org/export/1.2/excerpt/

STATUS = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
SKIPPED_STATUS = {
    "trash": "in the WordPress trash",
    "auto-draft": "an empty auto-draft",
    "inherit": "a revision",
}
_BLOCK_TAG = re.compile(r"<(?:p|div|br|table|ul|ol|h[1-6]|blockquote|pre)\b", re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")
_NO_DATE = "0000-00-00"


class _Refused(Exception):
    pass


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _kind(ns: str) -> str:
    """The prefix WordPress uses for a namespace: wp, excerpt, content, dc, or ''."""
    if ns.startswith(WP):
        return "excerpt" if ns.endswith(EXCERPT) else "wp"
    return {CONTENT: "content", DC: "dc"}.get(ns, "")


def prescan(path: str, post_types: tuple[str, ...] = ("post",)) -> int:
    """Refuse DOCTYPE/ENTITY, check well-formedness and the WXR shape; count the items to import."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    state = {"items": 0, "root": None, "wxr": False, "type": None, "in_type": False}

    def refuse(*_args):
        raise _Refused()

    def start(name: str, _attrs) -> None:
        ns, _, local = name.rpartition("}")
        if state["root"] is None:
            state["root"] = local
        elif local == "item" and not ns:
            state["type"] = ""
        elif ns.startswith(WP) and local == "post_type" and state["type"] is not None:
            state["in_type"] = True
        elif ns.startswith(WP) and local == "wxr_version":
            state["wxr"] = True

    def text(data: str) -> None:
        if state["in_type"]:
            state["type"] += data

    def end(name: str) -> None:
        ns, _, local = name.rpartition("}")
        if local == "post_type" and ns.startswith(WP):
            state["in_type"] = False
        elif local == "item" and not ns and state["type"] is not None:
            state["items"] += (state["type"].strip() or "post") in post_types
            state["type"] = None

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        with open(path, "rb") as handle:
            parser.ParseFile(handle)
    except _Refused:
        raise InputError(
            "refused: the file declares a DOCTYPE or entities (a WordPress export has none, "
            "and entity expansion can exhaust memory)"
        ) from None
    except expat.ExpatError as exc:
        raise InputError(
            f"line {exc.lineno}, column {exc.offset + 1}: not well-formed XML ({expat.ErrorString(exc.code)})"
        ) from None
    if state["root"] != "rss" or not state["wxr"]:
        raise InputError(
            f"not a WordPress export (WXR): the root element is <{state['root']}>"
            if state["root"] != "rss"
            else "not a WordPress export (WXR): no wp:wxr_version in the channel"
        )
    return state["items"]


def _children(elem) -> dict[str, list]:
    out: dict[str, list] = {}
    for child in elem:
        ns, local = _split(child.tag)
        prefix = _kind(ns)
        out.setdefault(f"{prefix}:{local}" if prefix else local, []).append(child)
    return out


def _text(kids: dict[str, list], key: str) -> str:
    found = kids.get(key)
    return (found[0].text or "").strip() if found else ""


def _raw(kids: dict[str, list], key: str) -> str:
    found = kids.get(key)
    return (found[0].text or "") if found else ""


def plain_text(fragment: str) -> str:
    """HTML of a comment or excerpt as plain text: line breaks kept, tags dropped, entities decoded."""
    text = re.sub(r"<br\s*/?>", "\n", fragment or "", flags=re.I)
    text = re.sub(r"</p\s*>", "\n\n", text, flags=re.I)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _gmt(value: str) -> str | None:
    """'2024-02-27 10:00:00' (UTC) as ISO 8601, or None for WordPress's zero date."""
    if not value or value.startswith(_NO_DATE):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None
    return when.replace(tzinfo=dt.UTC).isoformat()


def _pubdate(value: str) -> str | None:
    # Drafts carry "Mon, 30 Nov -0001 00:00:00 +0000", which email.utils reads as the year 2000.
    if not re.search(r"\b(18[7-9]\d|19\d\d|2\d\d\d) \d{1,2}:\d\d", value or ""):
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat()


def _as_html(title: str, content: str) -> str:
    # WordPress stores posts without paragraph tags (it adds them when rendering); do the same
    # so the extractor sees the lines the reader saw, and put the title above as the page did.
    if not _BLOCK_TAG.search(content):
        paragraphs = re.split(r"\n\s*\n", content.replace("\r\n", "\n"))
        content = "".join(f"<p>{p.strip().replace(chr(10), '<br>' + chr(10))}</p>\n" for p in paragraphs)
    return f"<html><body><article><h1>{html.escape(title)}</h1>\n{content}</article></body></html>"


def _url(value: str) -> str | None:
    value = value.strip()
    return value if value.lower().startswith(("http://", "https://")) else None


class WordPressSource:
    """The posts of one WXR file, as items."""

    name = "wordpress"

    def __init__(
        self,
        path: str,
        *,
        max_bytes: int,
        page_bytes: int,
        author: str | None = None,
        post_types: tuple[str, ...] = ("post",),
        comments: bool = False,
        media_dir: str | None = None,
    ):
        self.path, self.page_bytes, self.author = path, page_bytes, author
        self.media_dir = media_dir
        self.pictures = PostPictures(None, {})
        self.post_types, self.comments = post_types, comments
        self.notes: list[str] = []
        self.error: str | None = None
        self.total = 1
        try:
            head = self._head(path, max_bytes)
            if not head.strip():
                raise InputError("the file is empty" if not head else "the file holds only blank space")
            kind = binary_kind(head)
            if kind:
                raise InputError(f"this is {kind}, not a WordPress export")
            self.total = prescan(path, post_types)
        except InputError as exc:
            self.error = str(exc)

    @staticmethod
    def _head(path: str, max_bytes: int) -> bytes:
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            raise InputError("no such file") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from None
        check_size(size, max_bytes)
        try:
            with open(path, "rb") as handle:
                return handle.read(8192)
        except IsADirectoryError:
            raise InputError("is a folder, not a WordPress export file") from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from None

    def __iter__(self) -> Iterator[Item]:
        if self.error:
            yield Item(self.path, error=self.error)
            return
        authors: dict[str, str] = {}
        ignored: Counter = Counter()
        try:
            self.site = self._learn()
            if self.media_dir:
                self.pictures = PostPictures(self.media_dir, self._attachments())
            yield from self._posts(authors, ignored)
        except (ET.ParseError, OSError) as exc:  # the file changed since prescan() read it
            yield Item(self.path, error=f"could not be read to the end ({exc})")
        if self.pictures.posts_with_pictures_unread:
            self.notes.append(
                f"{self.path}: {self.pictures.posts_with_pictures_unread} post(s) have pictures, not "
                "imported: give the export's uploads folder (wp-content/uploads) as --media-dir"
            )
        if ignored:
            kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(ignored.items()))
            self.notes.append(f"{self.path}: left out items that are not posts: {kinds} (see --post-types)")

    def _learn(self):
        """Learn the blog from its first posts (lines every post repeats are chrome; see
        ``extract.site``) before reading them; the summary says what was learned."""
        from reelpress.ingest.extract import learn_site
        from reelpress.ingest.extract.site import MIN_PAGES, SAMPLE

        sample = []
        for n, (_, kids) in enumerate(self._post_elements(), 1):
            if (_text(kids, "wp:post_type") or "post") in self.post_types:
                content = _raw(kids, "content:encoded")
                if len(content.encode()) <= self.page_bytes:
                    sample.append((_as_html(html.unescape(_text(kids, "title")), content), f"post-{n}.html"))
            if len(sample) >= SAMPLE:
                break
        if len(sample) < MIN_PAGES:
            return None
        profile = learn_site(sample, os.path.basename(self.path))
        if not (profile.chrome or profile.title_place is not None):
            return None
        self.notes.append(profile.summary())
        return profile

    def _attachments(self) -> dict:
        """Every attachment item of the export by its post id (a pass of its own: a post's
        featured image may come after the post in the file)."""
        found = {}
        for _, kids in self._post_elements():
            attachment = attachment_of(kids, _text)
            if attachment is not None:
                found[attachment[0]] = attachment[1]
        return found

    def _post_elements(self) -> Iterator[tuple[int, dict[str, list]]]:
        """(item number, children) of every item, memory kept flat."""
        channel = None
        n = 0
        for event, elem in ET.iterparse(self.path, events=("start", "end")):  # noqa: S314 - see _posts
            ns, local = _split(elem.tag)
            if event == "start":
                if local == "channel" and not ns:
                    channel = elem
                continue
            if local == "item" and not ns:
                n += 1
                yield n, _children(elem)
                if channel is not None:
                    channel.remove(elem)

    def _posts(self, authors: dict[str, str], ignored: Counter) -> Iterator[Item]:
        channel = None
        n = 0
        # prescan() has refused DOCTYPE and ENTITY declarations in this file (and Python's expat
        # caps entity amplification too), so ElementTree only sees plain elements here.
        for event, elem in ET.iterparse(self.path, events=("start", "end")):  # noqa: S314
            ns, local = _split(elem.tag)
            if event == "start":
                if local == "channel" and not ns:
                    channel = elem
                continue
            if ns.startswith(WP) and local == "author" and channel is not None:
                kids = _children(elem)
                login = _text(kids, "wp:author_login")
                if login:
                    authors[login] = _text(kids, "wp:author_display_name") or login
            elif local == "item" and not ns:
                n += 1
                kids = _children(elem)
                post_type = _text(kids, "wp:post_type") or "post"
                if post_type in self.post_types:
                    yield self._item(n, kids, authors)
                else:
                    ignored[post_type] += 1
                if channel is not None:
                    channel.remove(elem)  # keep memory flat on a big export

    def _item(self, n: int, kids: dict[str, list], authors: dict[str, str]) -> Item:
        title = html.unescape(_text(kids, "title"))
        post_id = _text(kids, "wp:post_id")
        label = f"post {post_id} " if post_id else ""
        where = f"{self.path}: item {n} ({label}“{title[:60]}”)"
        status = _text(kids, "wp:status") or "publish"
        if status in SKIPPED_STATUS:
            return Item(where, skip=f"not imported: {SKIPPED_STATUS[status]}")
        if status not in STATUS:
            return Item(where, skip=f"not imported: unknown WordPress status {status!r}")
        content = _raw(kids, "content:encoded")
        try:
            check_size(len(content.encode()), self.page_bytes, "the post body")
        except InputError as exc:
            return Item(where, error=str(exc))
        if not content.strip() and not title:
            return Item(where, skip="an empty post: no title and no body")
        page_html = _as_html(title, content)
        try:
            fields = extract_fields(page_html, f"post-{post_id or n}.html", getattr(self, "site", None))
            record = ReviewRecord.from_dict(fields)
        except Exception as exc:  # noqa: BLE001 - the extractor promises not to raise; report if it does
            return Item(where, error=f"the post body could not be read ({type(exc).__name__}: {exc})")
        self._apply_post(record, kids, authors, title, status)
        if not (isinstance(record.title, str) and record.title.strip()):
            return Item(where, error="no film title: the post has no title and the body names none")
        record.images, picture_notes = self.pictures.entries(kids, content)
        page = page_data(page_html, fields)
        if page.reasons and record.status != "draft":
            # The film is a guess: it waits in the import queue as a draft, whatever WordPress said.
            record.status = "draft"
        after = None
        if self.comments:
            letters = _approved_comments(kids)
            if letters:
                after = _letter_writer(letters, record.headline or record.title)
        return Item(where, record=record, after_save=after, page=page, notes=picture_notes)

    def _apply_post(self, record, kids, authors, title, status) -> None:
        record.headline = title or record.headline
        if not (isinstance(record.title, str) and record.title.strip()):
            record.title = title
        record.status = STATUS[status]
        creator = _text(kids, "dc:creator")
        record.reviewer = authors.get(creator, creator) or record.reviewer or self.author
        published = _gmt(_text(kids, "wp:post_date_gmt")) or _pubdate(_text(kids, "pubDate"))
        published = published or _gmt(_text(kids, "wp:post_date"))
        if published:
            record.published_at = published
            record.review_date = record.review_date or published[:10]
        record.source_url = _url(_text(kids, "link")) or _url(_text(kids, "guid")) or record.source_url
        slug = _text(kids, "wp:post_name")
        record.slug = slug[:160] if slug else record.slug
        excerpt = plain_text(_raw(kids, "excerpt:encoded"))
        if excerpt:  # the author's own summary beats the extractor's guess
            record.blurb = excerpt
        tags = list(record.tags)
        for category in kids.get("category", []):
            name = html.unescape((category.text or "").strip())
            if name and category.get("domain") in ("category", "post_tag") and fold(name) != "uncategorized":
                tags.append(name)
        folded: set[str] = set()
        record.tags = [t for t in tags if not (fold(t) in folded or folded.add(fold(t)))]


def _approved_comments(kids: dict[str, list]) -> list[dict]:
    found = []
    for comment in kids.get("wp:comment", []):
        c = _children(comment)
        if _text(c, "wp:comment_approved") != "1" or _text(c, "wp:comment_type") not in ("", "comment"):
            continue
        found.append(
            {
                "name": html.unescape(_text(c, "wp:comment_author")) or "Anonymous",
                "email": _text(c, "wp:comment_author_email"),
                "when": _gmt(_text(c, "wp:comment_date_gmt")) or _gmt(_text(c, "wp:comment_date")),
                "message": plain_text(_raw(c, "wp:comment_content")),
            }
        )
    return [c for c in found if c["message"]]


def _letter_writer(comments: list[dict], headline: str):
    """The after-save step that stores a post's approved comments as published letters, once each."""

    def write(review) -> str:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        from reelpress.mail.models import Letter
        from reelpress.mail.text import clean_line, clean_multiline

        added = 0
        for comment in comments:
            received = dt.datetime.fromisoformat(comment["when"]) if comment["when"] else review.published_at
            name = clean_line(comment["name"])[:100] or "Anonymous"
            if Letter.objects.filter(review=review, name=name, received_at=received).exists():
                continue
            email = comment["email"].strip()
            try:
                validate_email(email)
            except ValidationError:
                email = ""
            Letter.objects.create(
                name=name,
                email=email[:254],
                subject=clean_line(f"Comment on {headline}")[:200],
                message=clean_multiline(comment["message"]),
                review=review,
                received_at=received,
                status=Letter.Status.APPROVED,
                is_published=True,
                published_at=received,
            )
            added += 1
        return f"{added} comment(s) stored as letters" if added else ""

    return write
