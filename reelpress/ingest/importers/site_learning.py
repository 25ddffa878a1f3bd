"""Learning each site of a page import before reading its pages (see ``extract.site``).

The pages are grouped by site (the host of their ``# source:`` URL, else their folder); a site
with three pages or more is learned from a sample of them. Only the first bytes of every page are
read to group them, so memory stays flat whatever the archive's size.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence

from reelpress.ingest.extract.page import decode, split_source
from reelpress.ingest.extract.site import MIN_PAGES, SAMPLE, SiteProfile, site_of

_HEAD_BYTES = 4096


def site_for(path: str) -> str:
    """The site a page file belongs to, from its first line (``# source: URL``) or its folder."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
        url, _ = split_source(decode(head))
    except OSError:
        url = None
    return site_of(url, os.path.dirname(os.path.abspath(path)))


def learn_sites(paths: Sequence[str], *, max_bytes: int) -> tuple[dict[str, str], dict[str, SiteProfile]]:
    """(the site of each page, the profile of each site with enough pages)."""
    from reelpress.ingest.extract import learn_site

    sites = {path: site_for(path) for path in paths}
    members: dict[str, list[str]] = defaultdict(list)
    for path, site in sites.items():
        members[site].append(path)
    profiles = {}
    for site, files in members.items():
        if len(files) < MIN_PAGES:
            continue
        sample = []
        for path in files[:SAMPLE]:
            try:
                if os.path.getsize(path) <= max_bytes:
                    with open(path, "rb") as handle:
                        sample.append((handle.read(), os.path.basename(path)))
            except OSError:
                continue  # reported when the page itself is read
        profile = learn_site(sample, site)
        if profile.chrome or profile.title_place is not None:
            profiles[site] = profile
    return sites, profiles
