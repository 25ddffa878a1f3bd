"""Filters the public pages use beside ``{% load images %}``: ``{{ image|full_size }}`` is the
address a gallery's picture opens (its widest rendition), ``{{ image|edition_name }}`` names the
edition a capture shows ("DVD, Warner Home Video, 2002")."""

from django import template

from reelpress.images.show import full_size_url

register = template.Library()


@register.filter
def full_size(image) -> str:
    return full_size_url(image) if image else ""


@register.filter
def edition_name(release) -> str:
    """An edition as a reader tells it from another of the same film: format, label, year."""
    if release is None:
        return ""
    parts = [release.disc_format or "Edition"]
    if release.label_id:
        parts.append(release.label.name)
    if release.street_date:
        parts.append(str(release.street_date.year))
    return ", ".join(parts)


# How wide each kind of picture is drawn, for ``sizes`` (site.css draws them so): one place, so a
# page's preload hint and its <img> always ask for the same rendition.
SIZES = {
    "review-cover": "(min-width: 40rem) 14rem, 40vw",
    "capture": "(min-width: 40rem) 20rem, calc(100vw - 2rem)",
    "compare": "(min-width: 48rem) 46rem, calc(100vw - 2rem)",
    "thumb": "5rem",
    "small-thumb": "3rem",
    "edition-thumb": "7rem",
    "portrait": "6rem",
    "person-portrait": "(min-width: 40rem) 12rem, 35vw",
    "logo": "10rem",
}


@register.simple_tag
def sizes(name: str) -> str:
    """``{% sizes "review-cover" as cover_sizes %}``: the ``sizes`` of a kind of picture."""
    return SIZES[name]
