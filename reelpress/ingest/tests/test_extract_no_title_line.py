"""A CineSavant column whose text has no title line (the title is only in the prose and the URL),
as the issue found on a real page: the site header must never become the film, and the facts
around it (label, format, original title and translation, subtitles, verdict, thanks, copyright,
the extras less their list heading) must all be read. The page is in our own words."""

from pathlib import Path

from reelpress.ingest.extract import extract

PAGE = Path(__file__).parent / "fixtures" / "pages_without_title" / "cinesavant_no_title_line.txt"


def test_a_column_with_no_title_line_is_read_whole():
    record = extract(PAGE.read_bytes())
    assert record["title"] == "Orbit of Glass"
    assert record["original_title"] == "Steklyannaya orbita"
    assert record["alternate_titles"] == []  # the translation is the title itself
    assert record["year"] == 2017
    assert record["label"] == "Capelight"
    assert record["disc_format"] == "Blu-ray"
    assert record["subtitles"] == ["English"]
    assert record["verdict"] == "Highly Recommended"
    assert record["thanks"] == "Thanks to Dmitri Volkov for the screener."
    assert record["copyright"] == "Text © Copyright 2019 Glenn Erickson"
    assert record["extras"] == ["Making the capsule (12 min.)", "The real crew (9 min.)", "trailer"]
    assert record["needs_review"] == []


def test_the_header_of_the_site_is_never_the_title():
    record = extract(PAGE.read_bytes(), site_layouts=False)
    assert record["title"] == "Orbit of Glass"
    assert "Hell" not in record["title"]
