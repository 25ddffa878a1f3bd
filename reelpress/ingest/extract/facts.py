"""Fact lines: the short lines that pack year, colour, ratio and running time together.

CineSavant and DVD Savant write ``1951 / B&W / 1:37 Academy / 74 min. / Street Date ...``,
Mondo Digital ``Color, 1964, 88m.``, Blu-ray.com ``Kino Lorber | 1937 | 77 min | Not rated |
Dec 20, 2011``. Each field is classified on its own, so the order does not matter.
"""

from __future__ import annotations

import re

from .vocab import find_date, looks_like_aspect, normalize_aspect, parse_color, parse_runtime

_YEAR = re.compile(r"^(?:\(?)(18[89]\d|19\d\d|20\d\d)(?:\)?)$")
_RUNTIME = re.compile(r"^\d{1,3}\s?(?:min|mins|minutes|m)\.?$", re.I)
_PRICE = re.compile(r"^(?:(?:list |retail |)price:?\s?)?(?:US)?\$?\s?\d{1,4}[.,]\d{2}\b", re.I)
_SLASH = re.compile(r"\s/\s?|\s?/\s")
_RETAILER = re.compile(r"^(?:available|sold|buy it|order)\s(?:from|through|at|via)\s(.+)$", re.I)
# Notes about the edition, never a title: "Limited Edition", "2 discs", "Not Rated".
_EDITION_NOTE = re.compile(
    r"\b(?:edition|discs?|set|limited|collector'?s?|region|restored|restoration|remaster(?:ed)?|version|cut"
    r"|import|mono|stereo|subtitles?|rated|unrated|copies|pal|ntsc|letterboxed|out of print|oop|series"
    r"|volume|vol\.|season|episodes?)\b",
    re.I,
)
_REGION = re.compile(r"^(?:Region\s?(?:[ABC0-6]|free|all)\b.*|R[0-6]|R[ABC])$", re.I)


def split_facts(line: str, separator: str = "/") -> list[str]:
    """The fields of a fact line, split on " / " (or "," or "|")."""
    text = line[:600]
    if separator == "/":
        parts = _SLASH.split(text)
    elif separator == "|":
        parts = re.split(r"\s?\|\s?", text)
    else:
        parts = re.split(r"\s?,\s?", text)
    return [p.strip() for p in parts if p.strip()]


def _kind(field: str) -> str | None:
    if _YEAR.match(field):
        return "year"
    if _RUNTIME.match(field):
        return "runtime"
    if len(field) <= 40 and not re.search(r"\d", field) and parse_color(field):
        return "color"
    if looks_like_aspect(field) and normalize_aspect(field):
        return "aspect"
    return None


def is_facts_line(line: str, separator: str = "/") -> bool:
    """True for a line of fields holding a year and at least one more fact."""
    if not line or len(line) > 600:
        return False
    fields = split_facts(line, separator)
    if len(fields) < 2:
        return False
    kinds = [_kind(f) for f in fields]
    return "year" in kinds and (kinds.count(None) < len(kinds) - 1)


def parse_facts(line: str, separator: str = "/") -> dict:
    """The record fields on one fact line.

    Fields that are none of the known kinds become alternate titles when they come before
    the sales part of the line (street date, retailer, price) and a price note after it.
    """
    rec: dict = {}
    sales = False
    alternates: list[str] = []
    for field in split_facts(line, separator):
        kind = _kind(field)
        if kind == "year" and "year" not in rec:
            rec["year"] = int(_YEAR.match(field).group(1))
        elif kind == "runtime" and "runtime_minutes" not in rec:
            rec["runtime_minutes"] = parse_runtime(field)
        elif kind == "color" and "color" not in rec:
            rec["color"] = parse_color(field)
        elif kind == "aspect" and "aspect_ratio" not in rec:
            rec["aspect_ratio"] = normalize_aspect(field)
        elif kind:
            continue
        elif re.match(r"^(?:street|release)\s?date", field, re.I):
            sales = True
            date = find_date(field)
            if date:
                rec.setdefault("street_date", date)
        elif _RETAILER.match(field):
            sales = True
            rec.setdefault("retailer", _RETAILER.match(field).group(1).strip(" ."))
        elif _PRICE.match(field):
            sales = True
            rec.setdefault("price_note", field)
        elif _REGION.match(field):
            rec.setdefault("region", field)
        elif find_date(field) and len(field) < 30:
            sales = True
            rec.setdefault("street_date", find_date(field))
        elif sales:
            rec.setdefault("price_note", field)
        elif _EDITION_NOTE.search(field):
            continue
        elif separator == "/" and re.search(r"[A-Za-z]", field) and len(field) <= 200:
            # Only CineSavant's slash line carries alternate titles among its facts.
            field = re.sub(r"^(?:aka|a\.k\.a\.|also known as)\s", "", field, flags=re.I)
            alternates.extend(t.strip(" \"'“”") for t in field.split(";") if t.strip(" \"'“”"))
    if alternates:
        rec["alternate_titles"] = alternates
    return rec
