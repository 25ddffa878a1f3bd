"""Pictures stored the way the desk stores them (``uploads.add``: decoded, re-encoded, renditions
made inline in tests), and the page's pictures read back as a browser would parse them."""

from __future__ import annotations

import datetime as dt
import json

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.images import uploads
from reelpress.images.tests.samples import jpeg, png


def cover(release, alt="Front cover: a giant ant over the desert", **fields):
    return uploads.add(release, jpeg(1000, 1500, (200, 180, 40)), "front", "cover.jpg", alt=alt, **fields)


def capture(review, edition, at="0:12:34", caption="The ants' nest at night", color=(40, 40, 60), **fields):
    h, m, s = (int(x) for x in at.split(":"))
    return uploads.add(
        review,
        jpeg(1920, 1080, color),
        "capture",
        "capture.jpg",
        alt=fields.pop("alt", f"Frame at {at}"),
        caption=caption,
        edition=edition,
        timecode=dt.timedelta(hours=h, minutes=m, seconds=s),
        **fields,
    )


def portrait(owner, alt="Portrait of the critic"):
    return uploads.add(owner, jpeg(800, 800, (120, 90, 70)), "portrait", "me.jpg", alt=alt)


def logo(label, alt="Warner Archive Collection logo"):
    return uploads.add(label, png(600, 200), "logo", "logo.png", alt=alt)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return HTMLParser(response.content.decode())


def imgs(tree, selector="main img"):
    return [node.attributes for node in tree.css(selector)]


def jsonld(tree) -> dict:
    return json.loads(tree.css_first('script[type="application/ld+json"]').text())


def meta(tree, prop) -> str | None:
    node = tree.css_first(f'meta[property="{prop}"]')
    return node.attributes.get("content") if node else None
