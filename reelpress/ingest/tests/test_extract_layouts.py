"""The legacy page extractor on hand-written fixture pages, one or more per layout.

Each ``fixtures/pages/<name>.<txt|html>`` has a ``<name>.expected.json`` beside it holding
the keys that page must produce exactly (a key absent from the file is not checked). The
pages are invented reviews written for these tests.
"""

import json
from pathlib import Path

import pytest

import reelpress.ingest.extract as extract_package
from reelpress.ingest.extract import extract
from reelpress.ingest.extract.__main__ import main
from reelpress.ingest.extract.credits import parse_block, parse_credit
from reelpress.ingest.extract.html import strip_tags, too_deep
from reelpress.ingest.extract.page import decode, load
from reelpress.ingest.extract.vocab import (
    find_date,
    normalize_aspect,
    parse_color,
    parse_format,
    parse_runtime,
    parse_subtitles,
    split_names,
)
from reelpress.ingest.record import ReviewRecord

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = sorted(p for p in PAGES.iterdir() if p.suffix in (".txt", ".html"))
# The record, plus what the reader says of it: each field's evidence and why it needs a look.
ALL_KEYS = set(ReviewRecord().to_dict()) | {"evidence", "needs_review"}


@pytest.fixture(autouse=True, scope="module")
def strict_extraction():
    """Let internal exceptions surface instead of being absorbed into an empty record."""
    extract_package.STRICT = True
    yield
    extract_package.STRICT = False


def expected_for(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))


def test_every_fixture_has_expectations():
    assert len(FIXTURES) >= 15
    for page in FIXTURES:
        assert page.with_name(page.stem + ".expected.json").exists(), page.name


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.name)
def test_fixture_page(page):
    record = extract(page.read_bytes(), filename=page.name)
    assert set(record) == ALL_KEYS
    wrong = {k: (v, record.get(k)) for k, v in expected_for(page).items() if record.get(k) != v}
    assert not wrong, f"{page.name}: key: (expected, got) {wrong}"


def test_layouts_covered():
    names = {p.stem for p in FIXTURES}
    for prefix in ("cinesavant", "savant", "dvdtalk", "bluray_com", "digitalbits", "highdefdigest", "mondo"):
        assert any(n.startswith(prefix) for n in names), prefix
    assert sum(1 for p in FIXTURES if p.suffix == ".html") >= 2


# --- decoding and the page envelope ------------------------------------------------------


def test_cp1252_page_keeps_accents():
    data = (PAGES / "savant_cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    record = extract(data)
    assert record["cinematographers"] == ["Nils Østby"]
    assert "Savant’s first look" in record["body"]


def test_utf8_bom_and_source_line():
    text = (PAGES / "cinesavant_column.txt").read_text(encoding="utf-8")
    record = extract(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert record["source_url"] == "https://trailersfromhell.com/the-lighthouse-keepers-daughter/"
    assert record["title"] == "The Lighthouse Keeper's Daughter"
    assert not record["body"].startswith("# source")


def test_str_input_and_crlf():
    text = (PAGES / "savant_classic.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    record = extract(text)
    assert record["directors"] == ["Henry Koster"]
    assert record["review_date"] == "2001-06-14"


def test_decode_never_fails():
    assert decode(bytes(range(256)))  # latin-1 maps every byte
    assert decode(b"\xff\xfeh\x00i\x00") == "hi"  # UTF-16 with BOM


def test_html_chrome_is_dropped():
    page = load((PAGES / "cinesavant_page.html").read_bytes())
    text = page.text()
    for chrome in (
        "Donate Now",
        "Gurus",
        "Leave a Reply",
        "Copyright 2023",
        "Share on Facebook",
        "dataLayer",
    ):
        assert chrome not in text
    assert "Starring: Irene Dalton, Franchot Vale, Edgar Moss, Binnie Rhodes." in page.lines
    record = extract((PAGES / "cinesavant_page.html").read_bytes())
    assert "Nobody Important" not in record["cast"]
    assert "Copyright" not in (record["body"] or "")


def test_empty_and_junk_inputs_give_empty_records():
    for data in (b"", "", b"\x00\x01\x02", b"<html></html>", "# source: http://x.example/a-film/\n"):
        record = extract(data)
        assert set(record) == ALL_KEYS
        assert record["directors"] == []


# --- the command line ----------------------------------------------------------------------


def test_cli_prints_json(capsys):
    assert main([str(PAGES / "dvdtalk_review.txt"), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["reviewer"] == "Arthur Penwell"
    assert set(record) == ALL_KEYS


def test_cli_keeps_non_ascii(capsys):
    assert main([str(PAGES / "savant_cp1252.txt")]) == 0
    out = capsys.readouterr().out
    assert "Brønner" in out  # ensure_ascii=False


def test_cli_missing_file(capsys, tmp_path):
    missing = tmp_path / "nope.txt"
    assert main([str(missing), "--json"]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and err.count("\n") == 1


# --- the shared vocabulary -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Feb 27, 2024", "2024-02-27"),
        ("February 13th, 2024", "2024-02-13"),
        ("Sept. 5, 2023", "2023-09-05"),
        ("27 February 2024", "2024-02-27"),
        ("posted 2016-06-14 at noon", "2016-06-14"),
        ("06/25/2019", "2019-06-25"),
        ("25/06/2019", "2019-06-25"),
        ("Street Date", None),
        ("February 31st", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1:85 widescreen", "1.85:1"),
        ("2:35 widescreen", "2.35:1"),
        ("1:37 flat Academy", "1.37:1"),
        ("1:78 anamorphic 16:9", "1.78:1"),
        ("2.35", "2.35:1"),
        ("WS (1.66:1) (16:9)", "1.66:1"),
        ("2.4:1", "2.40:1"),
        ("16:9", None),
        ("4:3 full frame", None),
    ],
)
def test_normalize_aspect(text, expected):
    assert normalize_aspect(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("98m.", 98),
        ("74 min.", 74),
        ("1 Hr. 31 Min.", 91),
        ("1:13:49.123", 73),
        ("105 minutes", 105),
        ("", None),
    ],
)
def test_parse_runtime(text, expected):
    assert parse_runtime(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Blu-ray", "Blu-ray"),
        ("4K Ultra HD + Blu-ray", "4K Ultra HD + Blu-ray"),
        ("Blu-ray & DVD", "Blu-ray + DVD"),
        ("Blu-ray Disc", "Blu-ray"),
        ("DVD-R", "DVD-R"),
        ("4K UHD", "4K Ultra HD"),
        ("Kino Lorber", None),
    ],
)
def test_parse_format(text, expected):
    assert parse_format(text) == expected


def test_parse_color():
    assert parse_color("B&W") == "b&w"
    assert parse_color("Color") == "color"
    assert parse_color("Black & White") == "b&w"
    assert parse_color("Color & B&W") == "color and b&w"
    assert parse_color("Academy") is None


def test_split_names():
    assert split_names("John Wayne, Lauren Bacall & James Stewart and Ron Howard.") == [
        "John Wayne",
        "Lauren Bacall",
        "James Stewart",
        "Ron Howard",
    ]
    assert split_names("Cameron Mitchell,Eva Bartok") == ["Cameron Mitchell", "Eva Bartok"]
    assert split_names("the voices of John Hurt, Richard Briers") == ["John Hurt", "Richard Briers"]
    characters: dict = {}
    assert split_names("James Stewart (Dr. Hostetler), Lon Chaney, Jr.", characters=characters) == [
        "James Stewart",
        "Lon Chaney, Jr.",
    ]
    assert characters == {"James Stewart": "Dr. Hostetler"}
    assert split_names("a lot of people you have never heard of") == []


def test_parse_subtitles():
    assert parse_subtitles("English, French and Spanish") == ["English", "French", "Spanish"]
    assert parse_subtitles("None") == []
    assert parse_subtitles("English SDH") == ["English SDH"]


# --- credits ----------------------------------------------------------------------------------


def credit_fields(line, next_line=None, in_block=True):
    credits, _ = parse_credit(line, next_line, in_block=in_block)
    return {(c.field or c.label): c.names for c in credits}


def test_writing_credits():
    assert credit_fields(
        "Writing credits Miles Hood Swarthout & Scott Hale from the novel by Glendon Swarthout"
    ) == {
        "writers": ["Miles Hood Swarthout", "Scott Hale"],
        "Source author": ["Glendon Swarthout"],
    }
    assert credit_fields("Written Screenplay by Mel Dinelli, Tom Lewis story by Lawrence B. Marcus") == {
        "writers": ["Mel Dinelli", "Tom Lewis", "Lawrence B. Marcus"]
    }


def test_combined_and_lone_roles():
    assert credit_fields("Produced and Directed by Martin Rosen") == {
        "producers": ["Martin Rosen"],
        "directors": ["Martin Rosen"],
    }
    assert credit_fields("Written and Directed by", "Terrence Malick") == {
        "writers": ["Terrence Malick"],
        "directors": ["Terrence Malick"],
    }
    # A role alone whose next line is another role gets nothing.
    assert credit_fields("Production Designer:", "Art Director: Jack Fisk") == {}
    # A role alone above a paragraph of prose gets nothing either.
    assert (
        credit_fields("Directed by", "The film was shot in ten days by a crew of twelve, in the rain.") == {}
    )


def test_ambiguous_roles_need_a_colon_outside_a_credits_block():
    assert credit_fields("Music Elmer Bernstein") == {"composers": ["Elmer Bernstein"]}
    assert credit_fields("Music Elmer Bernstein", in_block=False) == {}
    assert credit_fields("With Tony Curtis and Janet Leigh in it, the film sold.", in_block=False) == {}


def test_wrapped_cast_line():
    rec: dict = {}
    parse_block(["Starring: Ann Lee, Bo Chan,", "Cy Dorn, Di Eck.", "Cinematography: Ed Fox"], 0, 3, rec)
    assert rec["cast"] == ["Ann Lee", "Bo Chan", "Cy Dorn", "Di Eck"]
    assert rec["cinematographers"] == ["Ed Fox"]


# --- HTML -------------------------------------------------------------------------------------


def test_html_blocks_become_lines():
    page = load(
        "<html><body><div>Title</div><div>Blu-ray</div><p>One <b>bold</b> line</p><p>Two</p></body></html>"
    )
    assert [x for x in page.lines if x] == ["Title", "Blu-ray", "One bold line", "Two"]
    assert page.lines.index("Two") - page.lines.index("One bold line") == 2  # a blank line between paragraphs


def test_pathological_html_uses_the_plain_stripper():
    html = "<div>" * 5000 + "<p>Directed by Jane Roe</p>" + "</div>" * 5000
    assert too_deep(html)
    assert "Directed by Jane Roe" in strip_tags(html)
    assert extract(html)["directors"] == ["Jane Roe"]


def test_cut_page_drops_the_unfinished_name():
    text = (PAGES / "cinesavant_column.txt").read_text(encoding="utf-8")
    cut = text[: text.index("Ruth Ambrose") + 6]  # "... Victor Kessler, Ruth A"
    assert extract(cut)["cast"] == ["Joan Marlowe", "Dennis Hale", "Victor Kessler"]
