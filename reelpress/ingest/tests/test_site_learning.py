"""Many pages of one site teach the importer that site: its chrome, and where it prints titles."""

import pytest

from reelpress.ingest.extract import extract, learn_site
from reelpress.ingest.tests.import_helpers import run_command
from reelpress.reviews.models import Review

# A small blog's pages, in our own words: a banner that reads like a title and a motto on every
# page, the film's title on the first line of the text, then a short facts block and prose.
FILMS = [
    ("Harbor Lights", 1951, "Ruth Okafor"),
    ("The Glass Orchard", 1963, "Piet Vandermeer"),
    ("Night Ferry to Tangier", 1958, "Lise Aaberg"),
    ("Cold Meridian", 1972, "Tomas Ferreira"),
]


def blog_page(title: str, year: int, director: str, n: int) -> str:
    return (
        f"# source: https://cellar-door-reels.example/posts/{n}/\n"
        "Midnight Matinee\n"
        "Old Films Kept Warm\n"
        f"{title}\n"
        f"Director: {director}\n"
        f"Year: {year}\n"
        f"Seen again on a quiet evening, this picture holds up better than its reputation. "
        f"{director} keeps the camera low and patient, and the actors carry the long scenes well. "
        f"The new disc is clean and steady, with a mono track that suits the material.\n"
        "Comments are closed.\n"
    )


@pytest.fixture
def blog(tmp_path):
    root = tmp_path / "blog"
    root.mkdir()
    for n, (title, year, director) in enumerate(FILMS):
        (root / f"post-{n}.txt").write_text(blog_page(title, year, director, n))
    return root


def test_lines_on_every_page_of_a_site_are_learned_as_chrome():
    pages = [(blog_page(t, y, d, n), f"post-{n}.txt") for n, (t, y, d) in enumerate(FILMS)]
    profile = learn_site(pages, "cellar-door-reels.example")
    assert {"Midnight Matinee", "Old Films Kept Warm", "Comments are closed."} <= profile.chrome
    # Content lines repeat across a site too, but they are not chrome.
    assert not any(line.startswith("Director:") for line in profile.chrome)
    assert profile.title_place == 0
    assert "learned from 4 pages of cellar-door-reels.example" in profile.summary()


def test_a_page_read_with_its_sites_profile_loses_the_chrome_title():
    pages = [(blog_page(t, y, d, n), f"post-{n}.txt") for n, (t, y, d) in enumerate(FILMS)]
    profile = learn_site(pages, "cellar-door-reels.example")
    page = blog_page("Paper Moons", 1949, "Ada Lindqvist", 9)
    # Read alone, the page's banner outranks the film: it stands first and reads like a title.
    assert extract(page)["title"] == "Midnight Matinee"
    record = extract(page, site=profile)
    assert record["title"] == "Paper Moons"
    assert record["year"] == 1949
    assert "Midnight Matinee" not in record["evidence"]["title"]["from"]


@pytest.mark.django_db
def test_import_pages_learns_the_site_and_says_so(blog):
    result = run_command("import", "pages", str(blog))
    assert result.ok, result.text
    assert "learned from 4 pages of cellar-door-reels.example" in result.text
    assert sorted(Review.objects.values_list("film__title", flat=True)) == sorted(t for t, _, _ in FILMS)


def test_content_a_site_repeats_on_every_page_is_not_chrome():
    pages = [
        (
            f"# source: https://onelabel.example/r/{n}/\nSite Banner Words\n{title}\n"
            "The Criterion Collection\nBlu-ray\nHighly Recommended\nDirector: Ana Reis\n",
            f"p{n}.txt",
        )
        for n, title in enumerate(["Harbor Lights", "Cold Meridian", "Paper Moons", "Glass Orchard"])
    ]
    profile = learn_site(pages, "onelabel.example")
    assert "Site Banner Words" in profile.chrome
    assert (
        not {"The Criterion Collection", "Blu-ray", "Highly Recommended", "Director: Ana Reis"}
        & profile.chrome
    )
