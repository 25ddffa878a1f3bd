"""Credit lines: ``Starring: A, B``, ``Cinematography Bruce Surtees``, ``Written and Directed by``.

One line at a time, with the next line at hand for a role label that stands alone
(``Directed by`` / ``Tay Garnett``). A credit feeds a record list (``directors``, ``cast``...)
or, for roles the record has no list for, ``other_credits`` under the label as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocab import (
    COMBINED_BY,
    LINE_CAP,
    RATING_WORDS,
    ROLE_FIELDS,
    ROLE_START,
    SOURCE_CUT,
    WRITER_PARTS,
    combined_fields,
    split_names,
    words,
)

# One-word labels that also open ordinary sentences: outside a credits block they count
# only with a colon after them.
_AMBIGUOUS = set(
    words(
        "with|music|sound|score|cast|writing|editing|photography|direction|script|titles|songs|lyrics|"
        "animation|makeup|costumes|casting|stunts|voices|featuring|writer|writers|director|directors|producer|"
        "producers|editor|editors|composer|composers|cinematographer|cinematography|narrator|story|teleplay|"
        "screenplay|original music|original score|special effects|visual effects|art director|"
        "production designer|production design|costume design|film editor|executive producer|"
        "associate producer|stars|staring|actors|main cast|principal cast"
    )
)
# "Any Role: names" inside a credits block, for roles the vocabulary does not list.
_FREE_LABEL = re.compile(r"^([A-Z][A-Za-z'’-]{1,20}(?: [A-Za-z'’&/-]{1,20}){0,4}):\s?(.*)$")
_NOT_ROLES = re.compile(
    r"^(?:movie|video|sound|audio|supplements|extras|packaging|subtitles|reviewed|review|street date|"
    r"release date|price|list price|rating|region|format|studio|label|note|notes|update|source|posted|"
    r"date|overview|specifications|disc|discs|runtime|running time|aspect ratio)\b",
    re.I,
)


# Running text, not a list of names: "... the film was shot in ten days."
_SENTENCE = re.compile(r"[a-z]{2}[.!?] [A-Z]|\b(?:the|was|is|of|in|with)\b [a-z]")


@dataclass
class Credit:
    """Names for one role: ``field`` is a record list, or None for ``other_credits[label]``."""

    field: str | None
    label: str
    names: list[str]


def _writer_names(value: str, other: list[Credit]) -> list[str]:
    """Writers from a writing credit, leaving out the author of the source novel or play."""
    m = SOURCE_CUT.search(value)
    if m:
        source = split_names(value[m.end() :])
        if source:
            other.append(Credit(None, "Source author", source))
        value = value[: m.start()]
    names: list[str] = []
    for part in WRITER_PARTS.split(value):
        for name in split_names(part):
            if name not in names:
                names.append(name)
    return names


def role_of(line: str, *, in_block: bool) -> tuple[list[str | None], str, str] | None:
    """(fields, label, value) when ``line`` opens with a role; None otherwise.

    ``fields`` holds record list names, or a single None for an ``other_credits`` role.
    Outside a credits block (``in_block`` False) an ambiguous one-word role needs a colon.
    """
    text = line[:LINE_CAP]
    m = COMBINED_BY.match(text)
    if m:
        return list(combined_fields(m.group(1))), m.group(0).rstrip(": "), text[m.end() :].strip()
    m = ROLE_START.match(text)
    if m:
        label = m.group(1)
        has_colon = ":" in m.group(0)
        if not in_block and not has_colon and label.lower() in _AMBIGUOUS:
            return None
        field = ROLE_FIELDS.get(label.lower())
        return [field], label, text[m.end() :].strip()
    if in_block:
        m = _FREE_LABEL.match(text)
        if m and not _NOT_ROLES.match(m.group(1)):
            return [None], m.group(1), m.group(2).strip()
    return None


def parse_credit(
    line: str, next_line: str | None = None, *, in_block: bool = False, characters: dict | None = None
) -> tuple[list[Credit], bool]:
    """Credits on ``line`` (and the line after, when the role stands alone).

    Returns (credits, used_next_line). No credits when the value does not read as names.
    """
    found = role_of(line, in_block=in_block)
    if found is None:
        return [], False
    fields, label, value = found
    used_next = False
    if not value.strip(" :.") and next_line:
        # A role label alone on its line: the names are on the next one, unless that line
        # is a role of its own ("Production Designer:" followed by "Art Director: ...").
        if (
            role_of(next_line, in_block=True) is None
            and len(next_line) < 200
            and not _SENTENCE.search(next_line)
        ):
            value, used_next = next_line, True
    if not value.strip(" :."):
        return [], False
    credits: list[Credit] = []
    if "writers" in fields:
        names = _writer_names(value, credits)
    elif "cast" in fields:
        names = split_names(value, characters=characters)
    else:
        names = split_names(value)
    # "Sound: Good" in a ratings block is a rating, not a sound designer called Good.
    names = [n for n in names if not RATING_WORDS.fullmatch(n.strip(" .+-"))]
    if not names:
        return [], False
    for field in fields:
        credits.insert(0, Credit(field, label, names))
    return credits, used_next


def apply_credits(rec: dict, credits: list[Credit]) -> None:
    """Add credits to a partial record."""
    for credit in credits:
        if credit.field is None:
            other = rec.setdefault("other_credits", {})
            other.setdefault(credit.label, [])
            for name in credit.names:
                if name not in other[credit.label]:
                    other[credit.label].append(name)
            continue
        current = rec.get(credit.field) or []
        if current and credit.field == "cast":
            continue  # a box set's later films: the billing of the first one stands
        for name in credit.names:
            if name not in current:
                current.append(name)
        rec[credit.field] = current


def parse_block(lines: list[str], start: int, end: int, rec: dict, *, in_block: bool = True) -> int:
    """Read credit lines in ``lines[start:end]`` into ``rec``; returns how many lines held credits."""
    count = 0
    i = start
    characters = rec.setdefault("characters", {})
    while i < end:
        line = lines[i]
        if line:
            j = next((k for k in range(i + 1, min(end, i + 3)) if lines[k]), None)
            if (
                j is not None
                and re.search(r"(?:,| &| and)$", line)
                and role_of(lines[j], in_block=True) is None
            ):
                # A list of names wrapped onto the next line by the archive.
                line, i = f"{line} {lines[j]}", j
                j = next((k for k in range(i + 1, min(end, i + 3)) if lines[k]), None)
            nxt = lines[j] if j is not None else None
            credits, used = parse_credit(line, nxt, in_block=in_block, characters=characters)
            if credits:
                apply_credits(rec, credits)
                count += 1
                if used and j is not None:
                    i = j
        i += 1
    return count
