"""Text helpers shared by every app: folding names for natural keys, slugs."""

import hashlib
import re
import unicodedata

from django.utils.text import slugify

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00df": "ss"})
_SPECIAL = str.maketrans(
    {"\u00f8": "o", "\u00d8": "o", "\u0142": "l", "\u0141": "l", "\u00e6": "ae", "\u0153": "oe"}
)


def strip_accents(text: str) -> str:
    """Remove combining marks: "Néstor Almendros" -> "Nestor Almendros"."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str | None) -> str:
    """The comparison key of a name or title: case, accents, punctuation and spacing folded.

    Two spellings that fold to the same key are the same person, film or label. A text made
    only of punctuation ("!!!") is its own key, not the empty one every such text would share.
    """
    if not text:
        return ""
    text = strip_accents(text.translate(_QUOTES)).casefold()
    text = text.replace("&", " and ")
    words = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", words).strip() or re.sub(r"\s+", " ", text).strip()


def make_slug(text: str, max_length: int = 80) -> str:
    """A URL slug with accents folded; never empty."""
    slug = slugify(strip_accents(text or ""))[:max_length].strip("-")
    return slug or "untitled"


def sluggable(text: str | None) -> bool:
    """Whether ``text`` has anything a URL slug keeps (``make_slug`` of "!!!" or "七人の侍" is a fallback)."""
    return bool(slugify(strip_accents(text or "")).strip("-"))


def key_slug(text: str, max_length: int = 80) -> str:
    """``make_slug`` for a slug that identifies something: never a shared fallback.

    A text with nothing a slug keeps gets ``untitled-<digest of the text>``: the same text, the
    same slug (a re-import finds its review), and two such texts never share one.
    """
    if sluggable(text):
        return make_slug(text, max_length)
    digest = hashlib.sha256((text or "").strip().encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"untitled-{digest}"


def visible(text: str | None) -> bool:
    """Whether ``text`` has a character that shows (not only spaces, controls, format marks, NULs)."""
    return any(not c.isspace() and unicodedata.category(c)[0] not in "CZ" for c in text or "")


def unique_slug(model, text: str, *, field: str = "slug", exclude_pk=None, max_length: int = 80) -> str:
    """A slug for ``text`` not yet used by another row of ``model`` (adds -2, -3, ...)."""
    base = make_slug(text, max_length - 6)
    candidate, n = base, 1
    while True:
        qs = model._default_manager.filter(**{field: candidate})
        if exclude_pk is not None:
            qs = qs.exclude(pk=exclude_pk)
        if not qs.exists():
            return candidate
        n += 1
        candidate = f"{base}-{n}"
