"""Reading the running time out of an extra's listing: "Featurette (26 min)" -> 26."""

import re

_RUNTIME = re.compile(
    r"\s*[(\[]\s*(?:(?P<h>\d{1,2})\s*h(?:ours?|rs?)?\.?\s*)?(?:(?P<m>\d{1,3})\s*(?:min(?:utes?|s)?\.?|m\.?|')"
    r"|(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?)?\s*[)\]]\s*$",
    re.IGNORECASE,
)


def split_runtime(text: str) -> tuple[str, int | None]:
    """Split an extra's listing into its title and its running time in whole minutes."""
    text = (text or "").strip()
    match = _RUNTIME.search(text[-40:])
    if not match or not any(match.group(g) for g in ("h", "m", "hh")):
        return text, None
    title = text[: len(text) - len(text[-40:]) + match.start()].strip(" -–,")
    if match.group("hh"):
        hh, mm, ss = int(match.group("hh")), int(match.group("mm")), match.group("ss")
        minutes = hh * 60 + mm if ss else hh + (1 if mm >= 30 else 0)
        # "12:30" is minutes:seconds; "1:05:10" is hours:minutes:seconds.
        return title or text, minutes
    minutes = int(match.group("h") or 0) * 60 + int(match.group("m") or 0)
    return title or text, minutes
