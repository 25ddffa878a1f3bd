"""Film, person, label and edition pages: every credit, role and edition, and nothing from hidden reviews."""

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return HTMLParser(response.content.decode())


def hrefs(tree):
    return {node.attributes.get("href") for node in tree.css("a")}


@pytest.fixture
def editions(stored):
    """Two public editions of Them! reviewed by two critics."""
    blu = stored(
        slug="them-br",
        region="A",
        audio=["English DTS-HD MA 1.0"],
        extras_subtitled=True,
        extras=["Making the Monsters (9 min)", "Trailer (2 min)"],
    )
    dvd = stored(
        slug="them-dvd",
        disc_format="DVD",
        label="Warner Home Video",
        street_date="2002-05-21",
        region="1",
        audio=["English Dolby Digital 1.0"],
        subtitles=["English", "French"],
        extras_subtitled=False,
        packaging="Snap case",
        extras=["Trailer (2 min)"],
        reviewer="Bo Critic",
        headline="Them! on DVD",
        ratings={"Movie": "4 of 5", "Video": "Good"},
        verdict="Recommended",
    )
    return blu, dvd


def test_the_film_page_compares_every_edition_side_by_side(client, editions):
    blu, dvd = editions
    tree = page(client, blu.film.get_absolute_url())
    table = tree.css_first("table.compare")
    headers = [th.text(strip=True) for th in table.css("thead th")][1:]
    assert headers == ["DVDWarner Home Video", "Blu-rayWarner Archive Collection"]
    rows = {
        row.css_first("th").text(strip=True): [td.text(separator=" ", strip=True) for td in row.css("td")]
        for row in table.css("tbody tr")
    }
    assert rows["Format"] == ["DVD", "Blu-ray"]
    assert rows["Region"] == ["1", "A"]
    assert rows["Street date"] == ["21 May 2002", "17 Jun 2014"]
    assert "Dolby Digital" in rows["Audio"][0] and "DTS-HD" in rows["Audio"][1]
    assert rows["Subtitles"] == ["English, French", "English"]
    assert rows["Extras subtitled"] == ["No", "Yes"]
    assert "1 extra" in rows["Extras"][0] and "Making the Monsters" in rows["Extras"][1]
    assert rows["Packaging"] == ["Snap case", "One Blu-ray in keep case"]
    assert "4 of 5" in rows["Ratings"][0] and "Excellent" in rows["Ratings"][1]
    links = hrefs(tree)
    assert {blu.get_absolute_url(), dvd.get_absolute_url(), "/people/gordon-douglas/"} <= links
    assert tree.css_first("dl.credits") is not None


def test_the_person_page_groups_films_by_role_oldest_first(client, stored):
    stored(
        slug="later",
        title="Later Film",
        year=1970,
        directors=["Jo Maker"],
        writers=["Jo Maker"],
        cast=["Jo Maker", "Someone"],
        characters={"Jo Maker": "The Boss"},
    )
    stored(
        slug="early", title="Early Film", year=1950, cast=["Jo Maker"], other_credits={"Stunts": ["Jo Maker"]}
    )
    stored(slug="other", title="Unrelated", year=1960, cast=["Someone"])
    tree = page(client, "/people/jo-maker/")
    groups = {
        section.css_first("h2").text(deep=False).strip(): [
            " ".join(h.text().split()) for h in section.css(".filmography__film h3")
        ]
        for section in tree.css("section.role-group")
    }
    assert list(groups) == ["Director", "Writer", "Cast", "Stunts"]
    assert groups["Cast"] == ["Early Film (1950)", "Later Film (1970)"]
    assert groups["Director"] == groups["Writer"] == ["Later Film (1970)"]
    assert groups["Stunts"] == ["Early Film (1950)"]
    assert "as The Boss" in tree.css_first("#role-cast").text()
    assert tree.css_first(".page-header .meta").text(separator=" ").split() == ["2", "films", "1950–1970"]
    links = hrefs(tree)
    assert {"/reviews/early/", "/reviews/later/", "/films/early-film-1950/"} <= links
    assert "/reviews/other/" not in links


def test_the_label_page_lists_its_editions_with_films_and_reviews(client, editions):
    blu, dvd = editions
    tree = page(client, "/labels/warner-home-video/")
    links = hrefs(tree)
    assert {dvd.get_absolute_url(), dvd.film.get_absolute_url(), dvd.release.get_absolute_url()} <= links
    assert blu.get_absolute_url() not in links
    assert "/labels/warner-home-video/" in hrefs(page(client, "/labels/"))


def test_the_edition_page_shows_its_details_reviews_and_other_editions(client, editions):
    blu, dvd = editions
    tree = page(client, dvd.release.get_absolute_url())
    facts = tree.css_first(".facts-list").text()
    for item in ("Warner Home Video", "DVD", "21 May 2002", "Dolby Digital", "English, French", "Snap case"):
        assert item in facts
    links = hrefs(tree)
    assert dvd.get_absolute_url() in links
    assert blu.release.get_absolute_url() in links


def test_catalogue_pages_of_hidden_reviews_are_not_found(client, stored, future):
    draft = stored(
        slug="draft",
        title="Secret",
        year=1990,
        status="draft",
        directors=["Hidden Hand"],
        label="Hidden Label",
    )
    later = stored(
        slug="later",
        title="Later",
        year=1991,
        status="scheduled",
        published_at=future,
        disc_format="Laserdisc",
        label="Future Label",
    )
    for url in (
        draft.film.get_absolute_url(),
        draft.release.get_absolute_url(),
        "/people/hidden-hand/",
        "/labels/hidden-label/",
        later.film.get_absolute_url(),
        "/labels/future-label/",
    ):
        page(client, url, 404)
    labels = page(client, "/labels/").html
    assert "Hidden Label" not in labels and "Future Label" not in labels


def test_a_hidden_edition_of_a_public_film_stays_off_the_film_page(client, stored, future):
    public = stored(slug="public")
    hidden = stored(slug="hidden-4k", disc_format="4K Ultra HD", status="scheduled", published_at=future)
    tree = page(client, public.film.get_absolute_url())
    assert hidden.release.get_absolute_url() not in hrefs(tree)
    assert "4K Ultra HD" not in tree.html
    gordon = page(client, "/people/gordon-douglas/")
    assert hidden.get_absolute_url() not in hrefs(gordon)


def test_the_label_page_is_its_catalogue_by_year_newest_first(client, stored):
    stored(slug="a", title="Alpha", year=1950, label="Year Label", street_date="2014-06-17")
    stored(slug="b", title="Beta", year=1951, label="Year Label", street_date="2019-02-01")
    stored(slug="c", title="Gamma", year=1952, label="Year Label", street_date="2014-01-05")
    stored(slug="d", title="Delta", year=1953, label="Year Label", street_date=None)
    tree = page(client, "/labels/year-label/")
    years = {
        section.css_first("h2").text(): [h.text(strip=True) for h in section.css("h3 a")]
        for section in tree.css("section.catalogue-year")
    }
    assert list(years) == ["2019", "2014", "Undated"]
    assert years["2014"] == ["Alpha", "Gamma"]
    assert "Year Label" in tree.css_first('meta[name="description"]').attributes["content"]


def test_the_films_side_by_side_table_gives_each_edition_its_own_public_reviews(client, stored, editor):
    blu = stored(slug="them-br", reviewer="Ada Critic")
    stored(slug="them-br-2", reviewer="Cy Critic", ratings={"Movie": "Good"})
    dvd = stored(slug="them-dvd", disc_format="DVD", label="Warner Home Video", street_date="2002-05-21")
    stored(
        slug="them-dvd-draft",
        disc_format="DVD",
        label="Warner Home Video",
        street_date="2002-05-21",
        reviewer="Bo Critic",
        status="draft",
    )
    stored(slug="them-ld", disc_format="LaserDisc", label="Pioneer", street_date="1990-01-01", status="draft")

    def columns(tree):
        row = next(r for r in tree.css(".compare tr, table tr") if r.css_first("th").text() == "Ratings")
        return [[a.attributes["href"] for a in cell.css("a")] or cell.text() for cell in row.css("td")]

    film = blu.film.get_absolute_url()
    # Oldest edition first: the DVD (2002), then the Blu-ray (2014); the LaserDisc has no public review.
    assert columns(page(client, film)) == [
        [dvd.get_absolute_url()],
        ["/reviews/them-br-2/", blu.get_absolute_url()],  # newest first
    ]
    client.force_login(editor)  # the desk sees every edition; still only public reviews in the table
    assert columns(page(client, film)) == [
        "Not reviewed",
        [dvd.get_absolute_url()],
        ["/reviews/them-br-2/", blu.get_absolute_url()],  # newest first
    ]
