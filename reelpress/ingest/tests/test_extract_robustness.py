"""The extractor never raises and stays linear in its input.

Property tests feed it random bytes, random text and mutated fixture pages (cut short, lines
shuffled, junk inserted, random unicode); timing tests compare a page with the same page
repeated, and run pathological inputs that would make a backtracking regex explode.
"""

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reelpress.ingest.extract as extract_package
from reelpress.ingest.extract import extract
from reelpress.ingest.record import ReviewRecord

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = sorted(p for p in PAGES.iterdir() if p.suffix in (".txt", ".html"))
# The record, plus what the reader says of it: each field's evidence and why it needs a look.
ALL_KEYS = set(ReviewRecord().to_dict()) | {"evidence", "needs_review"}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True, scope="module")
def strict_extraction():
    """Let internal exceptions surface instead of being absorbed into an empty record."""
    extract_package.STRICT = True
    yield
    extract_package.STRICT = False


def check(record):
    assert isinstance(record, dict)
    assert set(record) == ALL_KEYS
    assert isinstance(record["title"], str)
    for key in ("directors", "cast", "extras", "subtitles", "alternate_titles"):
        assert isinstance(record[key], list)
    assert isinstance(record["ratings"], dict)
    assert record["year"] is None or isinstance(record["year"], int)


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    check(extract(data))


@SETTINGS
@given(st.text(max_size=3000))
def test_random_text(text):
    check(extract(text))


# Text built from the characters and words the layouts react to, so the parsers' branches run.
_TOKENS = [
    "/",
    " / ",
    "//",
    "|",
    ":",
    ",",
    "(",
    ")",
    "&",
    "\n",
    " ",
    "by ",
    "Directed by",
    "Starring:",
    "1951",
    "B&W",
    "1:85",
    "74 min.",
    "Blu-ray",
    "Street Date",
    "Feb 27, 2024",
    "Reviewed by",
    "rates:",
    "Movie:",
    "Movie4.0 of 5",
    "Grade: A",
    "Release Date(s)",
    "<div>",
    "</div>",
    "<p>",
    "<br>",
    "Highly Recommended",
    "Review by X | posted May 1, 2000",
    "Kino // PG // May 1, 2000",
    "Color, 1964, 88m.",
    "Specifications",
    "Aspect Ratio(s):",
    "é",
    "\u2019",
    "\x00",
    "\ufeff",
]


@SETTINGS
@given(st.lists(st.sampled_from(_TOKENS), max_size=300))
def test_token_soup(tokens):
    check(extract("".join(tokens)))


@st.composite
def mutated_page(draw):
    data = draw(st.sampled_from(FIXTURES)).read_bytes()
    kind = draw(st.sampled_from(["truncate", "shuffle", "junk", "unicode", "drop"]))
    rng = random.Random(draw(st.integers(0, 2**32)))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    lines = data.split(b"\n")
    if kind == "shuffle":
        rng.shuffle(lines)
    elif kind == "drop":
        lines = [x for x in lines if rng.random() > 0.3]
    elif kind == "junk":
        for _ in range(draw(st.integers(1, 20))):
            lines.insert(rng.randrange(len(lines) + 1), draw(st.binary(max_size=80)))
    else:
        for _ in range(draw(st.integers(1, 20))):
            pos = rng.randrange(len(lines))
            lines[pos] = lines[pos] + draw(st.text(max_size=40)).encode("utf-8", "surrogatepass")
    return b"\n".join(lines)


@SETTINGS
@given(mutated_page())
def test_mutated_fixture_pages(data):
    check(extract(data))


def best_time(data, runs=3):
    """The extractor's own CPU time (process time, not wall time: other processes on a busy
    machine do not count), the best of ``runs``."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        extract(data)
        best = min(best, time.process_time() - start)
    return best


def test_time_grows_linearly():
    for page in FIXTURES:
        data = page.read_bytes()
        # Tiny pages are dominated by fixed costs; compare 8x against 1x of a page of some size.
        base = data * 4
        one, eight = best_time(base), best_time(base * 8)
        assert eight < max(one, 0.002) * 20, f"{page.name}: {one:.4f}s for 1x, {eight:.4f}s for 8x"


def test_pathological_inputs_finish_fast():
    cases = {
        "colons": ":" * 100_000,
        "slashes": "/" * 100_000,
        "commas": "," * 100_000,
        "parens": "(" * 100_000,
        "spaced slashes": " / " * 40_000,
        "one 2 MB line": "Starring: " + "John Smith, " * 180_000,
        "2 MB of one letter": "a" * 2_000_000,
        "label lines": "Directed by\n" * 50_000,
        "nested divs": "<div>" * 50_000 + "<h1>t</h1>",
        "nested tables": "<table>x<td>" * 20_000,
        "many dates": "by Glenn Erickson Feb 27, 2024\n" * 20_000,
        "many facts lines": "1951 / B&W / 1:37 Academy / 74 min.\n" * 20_000,
        "unclosed tags": "<a" + "x" * 3000 + " " * 100_000,
    }
    for name, data in cases.items():
        start = time.perf_counter()
        check(extract(data))
        elapsed = time.perf_counter() - start
        assert elapsed < 5.0, f"{name}: {elapsed:.2f}s"
