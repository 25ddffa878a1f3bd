"""The generic reader on pages of no known site: each field from evidence any review page has.

Pages here are our own words, in shapes seen across many sites; they run with every site layout
switched off (``site_layouts=False``), as a site nobody has seen would be read.
"""

import random

import pytest

import reelpress.ingest.extract as extract_package
from reelpress.ingest.extract import extract


@pytest.fixture(autouse=True)
def strict_extraction():
    extract_package.STRICT = True
    yield
    extract_package.STRICT = False


def read(text, **kwargs):
    return extract(text, site_layouts=False, **kwargs)


def test_the_title_is_the_phrase_the_url_and_the_prose_agree_on_not_the_site_or_the_critic():
    record = read(
        "# source: https://reeltalk.example/reviews/the-copper-bell-blu-ray-review/\n"
        "ReelTalk\nHome | Reviews | Contact\n"
        "Marta Lindgren\n"
        "The Copper Bell (1957) – Blu-ray review\n"
        "Reviewed by Marta Lindgren\n"
        "The Copper Bell is a village drama that never raises its voice. The Copper Bell was shot "
        "on location and the new Blu-ray keeps every grey of the winter light intact for us.\n"
    )
    assert record["title"] == "The Copper Bell"
    assert record["year"] == 1957
    assert record["disc_format"] == "Blu-ray"
    assert record["reviewer"] == "Marta Lindgren"
    title = record["evidence"]["title"]
    assert title["from"] == "The Copper Bell (1957) – Blu-ray review"
    assert title["confidence"] >= 0.6
    assert record["needs_review"] == []


def test_an_html_pages_own_metadata_names_the_film():
    page = (
        "# source: https://example.net/p/4411\n"
        "<html><head><title>Night Desk — Example Films</title>"
        '<meta property="og:title" content="Harbor of Shadows">'
        "</head><body><nav>Home | Archive</nav><article><p>Posted in Thrillers</p>"
        "<p>Few films use fog as well as this one does, and the new disc from a small label keeps "
        "the soft grey of the original prints without scrubbing the grain away from the picture.</p>"
        "</article></body></html>"
    )
    record = read(page, filename="page.html")
    assert record["title"] == "Harbor of Shadows"
    assert record["evidence"]["title"]["via"].startswith("page metadata")


def test_scores_on_any_axis_count_as_ratings_and_a_classification_does_not():
    record = read(
        "Glass Orchard\n"
        "Rated: PG-13\n"
        "Movie: 4 stars out of 4\n"
        "The Film (4/5)\n"
        "DVD Rating: ****\n"
        "Video Grade: B+\n"
        "Some prose about the film that goes on long enough to be read as a paragraph of a review "
        "rather than a label line, with a few words about the transfer and the sound as well.\n"
    )
    assert record["ratings"] == {
        "Movie": "4 stars out of 4",
        "The Film": "4/5",
        "DVD Rating": "****",
        "Video Grade": "B+",
    }


def test_an_original_title_with_its_translation_gives_both_fields():
    record = read(
        "Spacewalk Diaries\nAlso known as: Dnevnik kosmosa (Diary of Space)\nDirector: Anton Belov\n"
    )
    assert record["original_title"] == "Dnevnik kosmosa"
    assert record["alternate_titles"] == ["Diary of Space"]


def test_labels_come_from_a_line_naming_a_company_or_the_prose_naming_the_discs_maker():
    line = read("Quiet River\nDirector: Ana Reis\nTwilight Harbor Home Entertainment\n")
    assert line["label"] == "Twilight Harbor Home Entertainment"
    prose = read(
        "Quiet River\nDirector: Ana Reis\n\n"
        "This new Blu-ray from Arrow Video restores the missing reel and looks far better than the "
        "tired old transfer that circulated for years on cheap discs and late-night television.\n"
    )
    assert prose["label"] == "Arrow Video"
    assert prose["evidence"]["label"]["via"] == "its shape, found anywhere"


def test_a_flattened_table_row_is_read_as_labels_and_values():
    record = read("Long Shadows\nRunning Time | 92:10 | Directed By | Ines Okoro |\nMusic | Paul Dane |\n")
    assert record["runtime_minutes"] == 92
    assert record["directors"] == ["Ines Okoro"]
    assert record["composers"] == ["Paul Dane"]


def test_a_page_with_no_title_anywhere_says_so_instead_of_guessing():
    record = read("# source: https://example.net/review.php?id=4411\n\nDirector: Ana Reis\n")
    assert record["title"] == ""
    assert "no title found on the page" in record["needs_review"]


def test_a_file_name_of_words_run_together_gives_a_title_that_needs_a_look():
    record = read("# source: https://example.net/dvd/reviews/thelanternferry.htm\n\nDirector: Ana Reis\n")
    assert record["title"] == "The Lantern Ferry"
    assert "title taken from the URL only" in record["needs_review"]


def test_a_title_from_the_url_alone_needs_a_look():
    record = read("# source: https://example.net/reviews/the-lantern-ferry/\n\nDirector: Ana Reis\n")
    assert record["title"] == "The Lantern Ferry"
    assert "title taken from the URL only" in record["needs_review"]


def test_a_news_headline_about_a_release_gives_its_subject_as_the_title():
    record = read(
        "# source: https://example.net/content/after-long-wait-harbor-lights-arrives-on-blu-ray\n"
        "After a Long Wait, Harbor Lights Arrives on Blu-ray\n"
        "The dockside melodrama Harbor Lights was hard to see for decades. Harbor Lights now looks "
        "better than it did in cinemas, and the new disc adds a commentary by a film historian.\n"
    )
    assert record["title"] == "Harbor Lights"
    assert record["evidence"]["title"]["from"] == "After a Long Wait, Harbor Lights Arrives on Blu-ray"
    assert record["headline"] == "After a Long Wait, Harbor Lights Arrives on Blu-ray"


def test_bytes_that_are_not_text_never_give_a_title():
    noise = random.Random(3).randbytes(3000)  # read as Latin-1: letters, symbols and controls
    record = extract(b"# source: https://example.net/r/\n" + noise)
    assert record["title"] == ""
    assert "no title found on the page" in record["needs_review"]
