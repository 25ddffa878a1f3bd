"""``{% filmography lines start %}``: a person's films, each with the reviews under it.

Written as a string rather than through a template: a person page prints up to 30 films a role, with up
to five reviews each, and the template engine spent more on those lines than the rest of the page
(12 of 48 ms for a person with 78 credits). ``tests/test_filmography_html.py`` holds the markup.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString

from reelpress.catalog.filmography import Line

register = template.Library()


def _review(review) -> str:
    out = f'<li><a href="{escape(review.url)}">{escape(review.headline)}</a>'
    if review.disc_format:
        label = f", {escape(review.label)}" if review.label else ""
        out += f' <span class="muted">{escape(review.disc_format)}{label}</span>'
    if review.verdict:
        out += f' <span class="verdict-tag">{escape(review.verdict)}</span>'
    return out + "</li>"


def _line(line: Line) -> str:
    title = escape(line.title)
    year = f' <span class="muted">({line.year})</span>' if line.year else ""
    out = [f'  <li class="filmography__film">\n    <h3><a href="{escape(line.url)}">{title}</a>{year}</h3>\n']
    if line.character:
        out.append(f'    <p class="roles"><span class="character">as {escape(line.character)}</span></p>\n')
    if line.reviews:
        out.append('    <ul class="plain-list filmography__reviews">\n      ')
        out.extend(_review(review) for review in line.reviews)
        out.append("\n")
        if line.more_reviews:
            out.append(
                f'      <li class="filmography__more"><a href="{escape(line.url)}#reviews-heading">'
                f"Every review of {title}</a></li>\n"
            )
        out.append("    </ul>\n")
    out.append("  </li>\n")
    return "".join(out)


@register.simple_tag
def filmography(lines: list[Line], start: int | None = None) -> SafeString:
    """The films as an ordered list (numbered from ``start`` on a role's later pages)."""
    first = f' start="{int(start)}"' if start and int(start) > 1 else ""
    return SafeString(f'<ol class="filmography"{first}>\n' + "".join(_line(line) for line in lines) + "</ol>")
