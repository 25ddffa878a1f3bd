"""``{% picture %}`` and ``{% preload_picture %}``: a stored Image as responsive HTML.

{% load images %}
{% picture review.cover sizes="(min-width: 50em) 20em, 40vw" loading="eager" fetchpriority="high" %}
{% preload_picture review.cover sizes="(min-width: 50em) 20em, 40vw" %}   (in <head>)
"""

from django import template

register = template.Library()

DEFAULT_SIZES = "100vw"


@register.inclusion_tag("images/_picture.html")
def picture(image, sizes=DEFAULT_SIZES, loading="lazy", css_class="", fetchpriority="", width=None):
    """``<picture>`` with a ``<source>`` per modern format and an ``<img>`` in JPEG (PNG for
    transparency) carrying the picture's own width and height, so the page does not shift.
    ``width`` picks the ``src`` for browsers without ``srcset``."""
    if not image:
        return {"image": None}
    return {
        "image": image,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "fetchpriority": fetchpriority,
        "src": image.src(int(width) if width else 640),
        "srcset": image.srcset(),
        "sources": image.sources(),
    }


@register.inclusion_tag("images/_preload.html")
def preload_picture(image, sizes=DEFAULT_SIZES):
    """``<link rel="preload">`` for a page's main picture, in the best format it has (a browser
    that cannot read that format skips the hint and loads the fallback from ``<picture>``)."""
    if not image:
        return {"image": None}
    sources = image.sources()
    best = sources[0] if sources else {"type": image.mime, "srcset": image.srcset()}
    return {"image": image, "type": best["type"], "srcset": best["srcset"], "sizes": sizes}
