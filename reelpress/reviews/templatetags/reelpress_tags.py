"""Template helpers for the public pages: Markdown, credit groups, running times, JSON-LD."""

from django import template

from reelpress.catalog.models import Credit
from reelpress.lib import markdown as md
from reelpress.lib.text import make_slug
from reelpress.reviews import jsonld

register = template.Library()

# The order credits are printed in, with the heading for one and for several.
ROLE_ORDER = [
    (Credit.Role.DIRECTOR, "Director", "Directors"),
    (Credit.Role.WRITER, "Writer", "Writers"),
    (Credit.Role.PRODUCER, "Producer", "Producers"),
    (Credit.Role.CINEMATOGRAPHER, "Cinematography", "Cinematography"),
    (Credit.Role.EDITOR, "Film editor", "Film editors"),
    (Credit.Role.COMPOSER, "Original music", "Original music"),
]


def group_credits(credits) -> list[dict]:
    """Credits as printed: directors, writers, ..., music, other roles, then cast in billing order.

    Each group is ``{"role", "heading", "credits"}``; ``credits`` can be any iterable of Credit
    rows (already fetched with their people), so grouping costs no queries.
    """
    by_role: dict[str, list] = {}
    others: dict[str, list] = {}
    for credit in credits:
        if credit.role == Credit.Role.OTHER:
            others.setdefault(credit.role_label or "Other", []).append(credit)
        else:
            by_role.setdefault(credit.role, []).append(credit)
    groups = []
    for role, one, several in ROLE_ORDER:
        rows = sorted(by_role.get(role, []), key=lambda c: (c.order, c.pk or 0))
        if rows:
            groups.append({"role": role, "heading": one if len(rows) == 1 else several, "credits": rows})
    for label, rows in others.items():
        rows.sort(key=lambda c: (c.order, c.pk or 0))
        groups.append({"role": Credit.Role.OTHER, "heading": label, "credits": rows})
    cast = sorted(by_role.get(Credit.Role.CAST, []), key=lambda c: (c.order, c.pk or 0))
    if cast:
        groups.append({"role": Credit.Role.CAST, "heading": "Cast", "credits": cast})
    return groups


@register.filter
def markdown(text):
    """Markdown source as sanitised HTML (cached by content)."""
    return md.render_cached(text)


@register.simple_tag
def credit_groups(credits):
    return group_credits(credits)


@register.filter
def runtime(minutes):
    """94 -> "94 min"; 137 -> "137 min (2 h 17 min)"."""
    if not minutes:
        return ""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{minutes} min ({hours} h {rest:02d} min)" if rest else f"{minutes} min ({hours} h)"


@register.filter
def slug(text):
    return make_slug(text or "")


@register.filter
def web_url(url):
    """``url`` when it is an http(s) address, else "": stored links never become javascript: links."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


@register.simple_tag
def jsonld_script(data):
    return jsonld.script(data)
