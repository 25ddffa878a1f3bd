"""What the public pages need of a picture beyond ``{% picture %}``: the full-size link a
gallery opens, the rendition an ``og:image`` or a feed's enclosure names, absolute addresses,
and covers for search hits (which are not Review objects)."""

from __future__ import annotations

from django.db.models import Q

from reelpress.catalog.models import Release
from reelpress.images.models import Image, Kind
from reelpress.images.public import attach_covers, covers_of, ids_in, set_covers
from reelpress.lib import compiled
from reelpress.site.address import absolute

# Link previews (Open Graph) are drawn around 1200 px wide; feed readers show a thumbnail.
SHARE_WIDTH = 1200
FEED_WIDTH = 640


def full_size_url(image: Image) -> str:
    """The widest rendition in the best format every current browser opens on its own (WebP),
    else the widest fallback; the master until renditions are made."""
    fmt = "webp" if "webp" in image.formats() else None
    return image.src(None, fmt)


def rendition(image: Image, width: int, fmt: str = "jpeg") -> dict:
    """``{"url", "width", "height", "bytes", "mime"}`` of the narrowest ``fmt`` rendition at least
    ``width`` wide (the widest there is when none is); the master itself until they are made.
    JPEG by default: what link previews and feed readers all read."""
    found = sorted((r for r in image.renditions if r["format"] == fmt), key=lambda r: r["width"])
    if not found:
        return {
            "url": image.url,
            "width": image.width,
            "height": image.height,
            "bytes": image.bytes,
            "mime": image.mime,
        }
    wide = [r for r in found if r["width"] >= width]
    chosen = wide[0] if wide else found[-1]
    return {
        "url": image.src(chosen["width"], fmt),
        "width": chosen["width"],
        "height": chosen.get("height") or image.height_for(chosen["width"]),
        "bytes": chosen.get("bytes") or 0,
        "mime": f"image/{fmt}",
    }


def absolute_url(url: str, request=None) -> str:
    """A media URL as an absolute address (an object store's URLs already are)."""
    return url if url.startswith(("http://", "https://")) else absolute(url, request)


def share_image(image: Image | None, request=None) -> dict | None:
    """For ``og:image`` and JSON-LD: absolute URL, size and alt of the picture to share."""
    if image is None:
        return None
    chosen = rendition(image, SHARE_WIDTH)
    return {**chosen, "url": absolute_url(chosen["url"], request), "alt": image.alt}


class _Stub:
    __slots__ = ("pk", "release_id", "cover")

    def __init__(self, pk, release_id):
        self.pk, self.release_id, self.cover = pk, release_id, None


def attach_hit_covers(hits) -> list:
    """Set ``hit.cover`` on search hits (each carries ``review_id``) in two queries whatever
    their number: the reviews' editions, then their covers (``attach_covers``)."""
    from reelpress.reviews.models import Review

    hits = list(hits)
    ids = {hit.review_id for hit in hits}
    editions = dict(Review.objects.filter(pk__in=ids).values_list("pk", "release_id")) if ids else {}
    stubs = {pk: _Stub(pk, release_id) for pk, release_id in editions.items()}
    attach_covers(stubs.values())
    for hit in hits:
        stub = stubs.get(hit.review_id)
        hit.cover = stub.cover if stub else None
    return hits


def review_pictures(review, others=()) -> dict:
    """Everything a review page shows, in one query: ``cover`` (the review's own front, else its
    edition's), ``captures`` (in order, each with its edition and label) and the critic's
    ``portrait``; the same choices as ``public.cover_for_review``, ``captures_for_review`` and
    ``portrait_for``. The same query sets ``cover`` on each of ``others`` (``attach_covers``)."""
    others = list(others)
    found = compiled.objects(
        "images.review_pictures",
        _review_pictures,
        [review.pk],
        [review.release_id],
        [review.author_id],
        [r.pk for r in others],
        [r.release_id for r in others],
    )
    captures = [i for i in found if i.review_id == review.pk and i.kind == Kind.CAPTURE]
    compiled.follow(captures, Image._meta.get_field("edition"))
    editions = [c.edition for c in captures if c.edition is not None]
    compiled.follow(editions, Release._meta.get_field("label"))
    set_covers(others, found)
    own = [i for i in found if i.review_id == review.pk and i.kind == Kind.FRONT]
    of_edition = [
        i for i in found if review.release_id and i.release_id == review.release_id and i.kind == Kind.FRONT
    ]
    return {
        "cover": (own or of_edition or [None])[0],
        "captures": captures,
        "portrait": next(
            (
                i
                for i in found
                if review.author_id and i.author_id == review.author_id and i.kind == Kind.PORTRAIT
            ),
            None,
        ),
    }


def _review_pictures(review_ids, release_ids, author_ids, other_review_ids, other_release_ids):
    """What ``review_pictures`` chooses from: the review's front covers and captures, its
    edition's covers, its critic's portrait and the covers of the other reviews and editions."""
    wanted = (
        (ids_in("review_id", review_ids) & Q(kind__in=[Kind.FRONT, Kind.CAPTURE]))
        | (ids_in("release_id", release_ids) & Q(kind=Kind.FRONT))
        | (ids_in("author_id", author_ids) & Q(kind=Kind.PORTRAIT))
        | covers_of(other_review_ids, other_release_ids)
    )
    return Image.objects.filter(wanted)
