"""The disc's supplements: a comma-separated ``Supplements:`` value, or a list of items.

Two shapes, whatever the layout:

* one line of items (``Supplements: Commentary by A, B and C, Featurette (12 min.), trailer``),
  split on semicolons always but on commas only where the next piece reads as a new item, so
  a commentary's list of speakers stays with it;
* a heading (``Special Features``, ``<Title> Blu-ray Movie, Special Features and Extras``,
  ``Bonus Features:``) or a lead-in sentence ending in a colon (``The following extras are
  included:``), then one item per bulleted line, kept as printed, running time included
  (short unmarked lines count too when one of them plainly names an extra).

The page loader records which lines were list items (``Page.bullets``: a bullet sign, a
dash or star, an HTML ``<li>``), since the sign itself is gone from the cleaned line.
"""

from __future__ import annotations

import re

from .vocab import LINE_CAP, looks_like_name

# Words an extra's name starts with: a fragment opening with one of them is a new item.
_EXTRA_WORDS = (
    r"(?:an? |the |new |original |vintage |archival |rare |exclusive |two |three |several |audio |video "
    r"|visual |isolated |optional |select(?:ed)? |scene[- ]specific |feature[- ]length |english |hd |sd )*"
    r"(?:commentar(?:y|ies)|featurettes?|interviews?|trailers?|teasers?|documentar(?:y|ies)|galler(?:y|ies)"
    r"|booklets?|essays?|introductions?|intros?|deleted scenes?|alternate|extended|outtakes?|bloopers?"
    r"|gag reels?|tv spots?|television spots?|radio(?: spots?| show| play| broadcast)?|video essays?"
    r"|short films?|shorts?|image galler(?:y|ies)|stills?|photo galler(?:y|ies)|poster|lobby cards?"
    r"|press|promo(?:tional)?|behind[- ]the[- ]scenes|making[- ]of|the making|conversations?|discussions?"
    r"|lectures?|appreciations?|tributes?|visual essays?|storyboards?|screen tests?|home movies?"
    r"|footage|reel|q\s?&\s?a|panel|excerpts?|score|music|soundtrack|restoration|comparison|subtitles?"
    r"|reversible|liner notes|insert|slipcover|digital copy|episodes?|program(?:me)?s?"
    r"|profiles?|biograph(?:y|ies)|filmograph(?:y|ies)|notes|text|scripts?|screenplay|bonus|easter egg"
    r"|ua|theatrical|trivia|sing-?along|music video)\b"
)
_NEW_ITEM = re.compile(r"^(?:" + _EXTRA_WORDS + r"|[\"“‘'])", re.I)
# An item that names its speakers: more names after a comma belong to it.
_WITH_NAMES = re.compile(
    r"\b(?:commentar(?:y|ies)|interviews?|conversations?|discussions?|introductions?|q\s?&\s?a|panel)\b"
    r".{0,60}\b(?:by|with|featuring|from|between)\s[A-Z]",
    re.I,
)
_RUNNING_TIME = re.compile(r"\(\s?(?:[^()]{0,12}?\d{1,3}:\d{2}|\d{1,3}\s?(?:min|m)\b[^()]{0,12})\)")


def _top_level(text: str, sep: str) -> list[str]:
    """``text`` split on the single character ``sep`` outside parentheses and brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    for pos, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:pos])
            start = pos + 1
    parts.append(text[start:])
    return parts


def _only_names(fragment: str) -> bool:
    """True when the fragment is a name, or names joined by "and"/"&"."""
    if "(" in fragment or _NEW_ITEM.match(fragment):
        return False
    names = re.split(r"\s(?:and|&)\s", fragment)
    return 0 < len(names) <= 4 and all(looks_like_name(n.strip()) and len(n.split()) <= 4 for n in names)


def _clean(item: str) -> str:
    item = item.strip().strip(".;,").strip()
    if item.lower().startswith("and "):
        item = item[4:].strip()
    return item


_QUOTED_SPAN = re.compile(r"“[^“”]{1,200}”|\"[^\"]{1,200}\"")
_LIST_HEADING = re.compile(
    r"(?i)^(?:featurettes|extras|bonus features|bonus|special features|supplements|documentaries|"
    r"interviews|video extras|audio extras|on disc)\s?:\s(?=\S)"
)
_MORE = re.compile(r"(?i)^(?:and )?(?:much |lots |plenty |many |)more(?:\W.*)?$|^etc\.?$")
_AND_MORE = re.compile(r"(?i)\s(?:and|&) (?:much|lots|plenty|many) more\W*$")


def _protect_quotes(text: str) -> str:
    """Commas inside quoted titles ("“Wind, Sand and Star”") are not separators: hidden until split.
    A comma or full stop printed inside the closing quote moves outside it."""
    text = re.sub(r"([,.])”(?=\s|$)", r"”\1", text)
    text = re.sub(r"”\.\s(?=“)", "”, ", text)
    return _QUOTED_SPAN.sub(lambda m: m.group(0).replace(",", "\x00"), text)


def split_extras(text: str | None) -> list[str]:
    """A line of supplements as separate items (see the module docstring for the rules)."""
    if not text:
        return []
    text = re.sub(r"\s\|\s|\s•\s", "; ", _protect_quotes(text[: LINE_CAP * 2]))
    items: list[str] = []
    for chunk in _top_level(text, ";"):
        current: str | None = None
        for raw in _top_level(chunk, ","):
            fragment = _clean(raw)
            if not fragment:
                continue
            if current is not None and _WITH_NAMES.search(current) and _only_names(fragment):
                current = f"{current}, {fragment}"
                continue
            if current is not None:
                items.append(current)
            current = fragment
        if current is not None:
            items.append(current)
    if items:
        # "Featurettes: Making of (12 min.), ...": the list's own heading is not part of its first item.
        items[0] = _LIST_HEADING.sub("", items[0])
    out: list[str] = []
    for item in items:
        item = _AND_MORE.sub("", item.replace("\x00", ",")).strip()
        if item and item not in out and not _MORE.match(item):
            out.append(item)
    return out


# A heading over a list of extras, with an optional "<Title> Blu-ray Movie, " in front.
_HEADING = re.compile(
    r"^(?:.{1,150}?[,:–—-]\s)?(?:the\s|disc\s|dvd\s|blu-ray\s)?(?:special features(?:\s(?:and|&)\s"
    r"extras)?|extras(?:\s(?:and|&)\s(?:special features|supplements))?|supplements|supplementary material"
    r"|supplemental materials?|bonus features|bonus materials?|bonus content|extra features)\s?:?$",
    re.I,
)
# A sentence that introduces the list: "The following extras are included:".
_LEAD_IN = re.compile(
    r"\b(?:extras|special features|supplements|bonus features|bonus materials?|supplemental materials?)\b"
    r".{0,80}:$",
    re.I,
)
# What unmarked lines need before they are taken for extras: one names a common kind.
_CORE = re.compile(
    r"^(?:(?:an?|the|audio|video|original|vintage|theatrical) )*(?:commentar(?:y|ies)|featurettes?"
    r"|interviews?|trailers?|documentar(?:y|ies)|galler(?:y|ies)|deleted scenes?|tv spots?|booklet)\b",
    re.I,
)
# "Release Date:", "Studio: Warner": the next field, not an item.
_LABELLED = re.compile(r"^[A-Z][\w/&()'-]{0,20}(?: [\w/&()'-]{1,20}){0,2}:(?:\s|$)")
_MAX_ITEMS = 40
_SCAN = 6000


def _items_after(lines: list[str], bullets: dict[int, str], k: int) -> list[str]:
    """The list under the heading or lead-in ``lines[k]``: its bulleted lines, or else short
    unmarked lines when one of them reads as an extra."""
    j = k + 1
    while j < len(lines) and j <= k + 2 and not lines[j]:
        j += 1
    if j >= len(lines):
        return []
    items: list[str] = []
    mark = _mark_of(lines, bullets, j)
    spaced: bool | None = None  # whether blank lines part the items
    end = min(len(lines), j + 2 * _MAX_ITEMS)  # a bound on the walk, whatever the lines hold
    while j < end and len(items) < _MAX_ITEMS:
        line = lines[j]
        if not line:
            # One blank line may part two items of the same list, when the list is spaced
            # that way from its start; after close-set items a gap ends it (a signature such
            # as "- Jane Critic" may follow).
            if (
                spaced is not False
                and j + 1 < end
                and lines[j + 1]
                and mark
                and _mark_of(lines, bullets, j + 1) == mark
            ):
                spaced = True
                j += 1
                continue
            break
        if items and spaced is None:
            spaced = False
        if _mark_of(lines, bullets, j) != mark or len(line) > 300:
            break
        if mark is None:
            # Unmarked lines: each may hold several items; a label line ends them.
            if _LABELLED.match(line) and not _CORE.match(line):
                break
            items.extend(split_extras(line))
        else:
            # A bullet sign left the line when it was loaded; a dash or star is still there.
            items.append(re.sub(r"^[-–—*]\s", "", line).strip())
        j += 1
    if mark is None and not _reads_as_extras(items):
        return []
    return [x for x in items if x]


def _text_mark(line: str) -> str | None:
    m = re.match(r"^[-–—*](?=\s)", line[:3])
    return m.group(0) if m else None


def _mark_of(lines: list[str], bullets: dict[int, str], j: int) -> str | None:
    return bullets.get(j) or _text_mark(lines[j])


def _reads_as_extras(items: list[str]) -> bool:
    """Unmarked lines under a heading: short, not sentences, and one at least names an extra."""
    if not items or any(len(x) > 150 or re.search(r"[a-z]{2}\. [A-Z]", x) for x in items):
        return False
    return any(_CORE.match(x) or _RUNNING_TIME.search(x) for x in items)


def listed_extras(lines: list[str], bullets: dict[int, str]) -> list[str]:
    """Extras listed one per line under a heading or a lead-in sentence, anywhere on the page."""
    found: list[str] = []
    for k in range(min(len(lines), _SCAN)):
        line = lines[k]
        if not line or len(line) > 200 or k in bullets:
            continue
        if not _HEADING.match(line) and not (line.endswith(":") and _LEAD_IN.search(line)):
            continue
        for item in _items_after(lines, bullets, k):
            if item not in found:
                found.append(item)
    return found
