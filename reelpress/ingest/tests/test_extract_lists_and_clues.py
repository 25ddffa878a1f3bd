"""Supplements lists, prose clues (disc format, other titles) and closing verdicts, one rule at
a time; the fixture pages show the same rules on whole pages."""

import time

import pytest

from reelpress.ingest.extract import extract
from reelpress.ingest.extract.clues import disc_format
from reelpress.ingest.extract.extras import listed_extras, split_extras
from reelpress.ingest.extract.page import load
from reelpress.ingest.extract.prose import prose_titles, verdict_line

PROSE = (
    "This is an invented paragraph of review prose that runs long enough to count as running text, "
    "with plenty of small words in it so that the reader takes it for a paragraph of the review."
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Commentary by Ann Roe, Commentary by Bo Lind, Cy Park and Di Moss, Making It (21 min.), trailer",
            [
                "Commentary by Ann Roe",
                "Commentary by Bo Lind, Cy Park and Di Moss",
                "Making It (21 min.)",
                "trailer",
            ],
        ),
        (
            "Interview with Ann Roe, Bo Lind, featurette, image gallery",
            ["Interview with Ann Roe, Bo Lind", "featurette", "image gallery"],
        ),
        (
            "Commentary by Ann Roe; Night Music (12 min.); booklet",
            ["Commentary by Ann Roe", "Night Music (12 min.)", "booklet"],
        ),
        ("Trailer, Ann Roe, Bo Lind", ["Trailer", "Ann Roe", "Bo Lind"]),
        (
            "Commentary with Ann Roe, Evil Lost and Found (17 min.)",
            ["Commentary with Ann Roe", "Evil Lost and Found (17 min.)"],
        ),
    ],
)
def test_a_comma_splits_supplements_only_before_a_new_item(text, items):
    assert split_extras(text) == items


def test_bulleted_extras_under_a_heading_are_kept_as_printed():
    page = load(
        "Special Features\n\n• Commentary by Ann Roe, Bo Lind and Cy Park\n"
        "• Trailer (HD; 2:05)\n\nMore text\n"
    )
    assert listed_extras(page.lines, page.bullets) == [
        "Commentary by Ann Roe, Bo Lind and Cy Park",
        "Trailer (HD; 2:05)",
    ]


def test_a_lead_in_sentence_introduces_dashed_extras_and_a_signature_is_not_one():
    page = load("The disc's extras include:\n- Gallery\n- Trailer (SD – 2:39)\n\n- Jane Critic\n")
    assert listed_extras(page.lines, page.bullets) == ["Gallery", "Trailer (SD – 2:39)"]


def test_a_bulleted_list_without_an_extras_heading_is_not_extras():
    page = load("The cast includes:\n• Ann Roe\n• Bo Lind\n")
    assert listed_extras(page.lines, page.bullets) == []


def test_html_list_items_are_bullets():
    page = load(
        "<html><body><h3>Bonus Features</h3>"
        "<ul><li>Featurette, part one</li><li>Trailer</li></ul></body></html>"
    )
    assert listed_extras(page.lines, page.bullets) == ["Featurette, part one", "Trailer"]


def test_a_closing_tier_sentence_is_the_verdict_in_any_case():
    assert verdict_line(["A fine disc of a fine film. Highly recommended."]) == "Highly Recommended"


def test_recommended_inside_a_sentence_is_not_a_verdict():
    lines = [
        "A friend recommended it to me, and the disc is recommended for fans of the director who like it."
    ]
    assert verdict_line(lines) is None


def test_other_titles_need_an_explicit_phrase():
    assert prose_titles("Also known as The Bell Tower, it was shot in 1965.")[1] == ["The Bell Tower"]
    assert prose_titles("It was sold to television as Night of Bells and Nine Tolls.")[1] == [
        "Night of Bells",
        "Nine Tolls",
    ]
    assert prose_titles("It stars Ann Roe as Mary Lind, a nurse in Rome.")[1] == []


def test_the_disc_format_comes_from_a_labels_possessive_or_a_heading():
    assert (
        disc_format([PROSE, "", f"{PROSE} Warner's two-disc DVD is a fine release."], "Warner Home Video")
        == "DVD"
    )
    assert disc_format([PROSE, "", "The Blu-ray", "", PROSE]) == "Blu-ray"


def test_a_review_naming_two_formats_gives_no_disc_format():
    lines = [PROSE, "The DVD", f"{PROSE} Criterion's new Blu-ray is sharper."]
    assert disc_format(lines) is None


def test_a_stranger_s_possessive_says_nothing_about_the_disc():
    assert disc_format([f"{PROSE} My neighbour's DVD of it was a bootleg."]) is None


@pytest.mark.parametrize(
    "data",
    [
        "Special Features\n• Trailer\n" * 20_000,
        "Special Features\n" + ",\n" * 100_000,
        "The following extras are included:\n" + "- x\n" * 100_000,
        "Color, 1964, 88m.\n" * 20_000,
        PROSE + " Also known as " + "Big " * 100_000,
        "Supplements: Commentary by " + "Ann Roe, " * 100_000,
    ],
    ids=["headings", "commas", "dashes", "mondo facts", "known as", "names"],
)
def test_list_and_clue_readers_stay_fast_on_pathological_pages(data):
    start = time.perf_counter()
    record = extract(data)
    assert isinstance(record["extras"], list)
    assert time.perf_counter() - start < 5.0


def test_unmarked_lines_under_a_lead_in_count_when_they_read_as_extras():
    page = load(
        "The DVD's extras include:\nCommentary with Ann Roe\nNight Music (SD – 12:04)\n\nA fine disc.\n"
    )
    assert listed_extras(page.lines, page.bullets) == ["Commentary with Ann Roe", "Night Music (SD – 12:04)"]


def test_prose_under_an_extras_heading_is_not_a_list():
    page = load(
        "Special Features\nThe disc has a few extras. None of them matter much, though the trailer is fun.\n"
    )
    assert listed_extras(page.lines, page.bullets) == []
