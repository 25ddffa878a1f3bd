"""Rating scales: turn a value as printed into a normalised 0-100 score for sorting.

Words (Excellent ... Poor), "4.5 of 5" / "4.5/5", stars, "8/10", letter grades (A+ ... F).
Unknown values give None rather than a guess.
"""

import re

WORDS = {
    "excellent": 95,
    "very good": 80,
    "good": 65,
    "fair": 45,
    "poor": 25,
    "awful": 10,
    "terrible": 10,
}
GRADES = {"A": 95, "B": 85, "C": 75, "D": 65, "F": 40}
_OF = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|of|out of)\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
_GRADE = re.compile(r"^\s*([ABCDF])\s*([+-]?)\s*$")


def normalise(value: str | None) -> int | None:
    """A 0-100 score for a printed rating value, or None when the scale is unknown."""
    if not value:
        return None
    text = value.strip()
    match = _OF.search(text)
    if match:
        num, den = float(match.group(1)), float(match.group(2))
        return round(100 * min(num, den) / den) if den else None
    stars = text.count("★") + 0.5 * text.count("½")
    if stars:
        return round(100 * stars / 5)
    match = _GRADE.match(text)
    if match:
        base = GRADES[match.group(1)]
        return max(0, min(100, base + {"+": 4, "-": -4, "": 0}[match.group(2)]))
    lowered = text.lower()
    for word in sorted(WORDS, key=len, reverse=True):
        if lowered.startswith(word):
            bonus = 3 if "+" in lowered[len(word) :] else (-3 if "-" in lowered[len(word) :] else 0)
            return max(0, min(100, WORDS[word] + bonus))
    return None
