"""The catalogue on the editors' desk: films with credits, people, labels and editions."""

from unittest import mock

from reelpress.catalog.models import Film, Label, Person, Release
from reelpress.reviews.tests.admin_personas import critic_fixture, inline  # noqa: F401 - fixtures


def film_form(**fields):
    data = {
        "title": "Tarantula",
        "year": "1955",
        "slug": "",
        "original_title": "",
        "color": "b&w",
        "aspect_ratio": "1.85:1",
        "runtime_minutes": "80",
        "country": "USA",
        "language": "English",
        "_save": "Save",
    }
    data.update(inline("alternate_titles", [{"title": "Tarántula", "order": "0"}]))
    data.update(fields)
    return data


def test_an_editor_adds_a_film_with_its_credits(client, editor):
    arnold = Person.objects.create(name="Jack Arnold", name_key="jack arnold", slug="jack-arnold")
    agar = Person.objects.create(name="John Agar", name_key="john agar", slug="john-agar")
    client.force_login(editor)
    data = film_form()
    blank = {"role_label": "", "character": "", "order": "0"}
    director = blank | {"person": str(arnold.pk), "role": "director"}
    lead = blank | {"person": str(agar.pk), "role": "cast", "character": "Dr. Matt Hastings"}
    data.update(inline("credits", [director, lead]))

    response = client.post("/admin/catalog/film/add/", data)

    assert response.status_code == 302
    film = Film.objects.get()
    assert (film.slug, film.title_key) == ("tarantula-1955", "tarantula")
    assert [t.title for t in film.alternate_titles.all()] == ["Tarántula"]
    assert {(c.person.name, c.role, c.character) for c in film.credits.all()} == {
        ("Jack Arnold", "director", ""),
        ("John Agar", "cast", "Dr. Matt Hastings"),
    }


def test_a_second_film_with_the_same_title_and_year_is_refused(client, editor):
    Film.objects.create(title="Tarantula", title_key="tarantula", year=1955, slug="tarantula-1955")
    client.force_login(editor)

    response = client.post("/admin/catalog/film/add/", film_form(title="TARANTULA!") | inline("credits"))

    assert response.status_code == 200
    assert "already exists with the same name" in response.content.decode()
    assert Film.objects.count() == 1


def test_the_film_a_desk_made_is_the_film_a_later_import_finds(client, editor, stored):
    client.force_login(editor)
    client.post("/admin/catalog/film/add/", film_form(title="Them!", year="1954") | inline("credits"))

    review = stored()

    assert Film.objects.count() == 1 and review.film.slug == "them-1954"


def test_editing_a_film_rewrites_the_search_entries_of_its_reviews(client, editor, stored):
    review = stored()
    film = review.film
    client.force_login(editor)
    data = (
        film_form(title="Them!", year="1954", slug=film.slug) | inline("credits") | inline("alternate_titles")
    )

    with mock.patch("reelpress.search.index.refresh") as refresh:
        response = client.post(f"/admin/catalog/film/{film.pk}/change/", data)

    assert response.status_code == 302
    assert {pk for c in refresh.call_args_list for pk in c.args[0]} == {review.pk}


def test_a_person_page_lists_their_credits_read_only(client, editor, stored):
    stored()
    whitmore = Person.objects.get(name="James Whitmore")
    client.force_login(editor)

    page = client.get(f"/admin/catalog/person/{whitmore.pk}/change/").content.decode()

    assert "Credits (edit them on the film)" in page
    assert "Them! (1954)" in page
    assert 'name="credits-0-role"' not in page


def test_two_people_with_one_name_are_told_apart_by_the_disambiguator(client, editor):
    Person.objects.create(name="John Smith", name_key="john smith", slug="john-smith")
    client.force_login(editor)
    base = (
        {"name": "John Smith", "slug": "", "bio": "", "_save": "Save"} | inline("credits") | inline("images")
    )

    refused = client.post("/admin/catalog/person/add/", base | {"disambiguator": ""})
    accepted = client.post("/admin/catalog/person/add/", base | {"disambiguator": "actor"})

    assert refused.status_code == 200 and accepted.status_code == 302
    assert Person.objects.get(disambiguator="actor").slug == "john-smith-actor"


def test_an_editor_adds_a_release_with_tracks_and_extras(client, editor):
    film = Film.objects.create(title="Them!", title_key="them", year=1954, slug="them-1954")
    label = Label.objects.create(name="Warner Archive", name_key="warner archive", slug="warner-archive")
    client.force_login(editor)
    data = {
        "film": str(film.pk), "label": str(label.pk), "disc_format": "Blu-ray", "street_date": "2014-06-17",
        "slug": "", "spine_number": "", "region": "A", "packaging": "One Blu-ray in keep case",
        "extras_subtitled": "true", "retailer": "", "retailer_url": "", "price_note": "", "_save": "Save",
    }  # fmt: skip
    data |= inline("audio_tracks", [{"description": "English DTS-HD MA 1.0", "order": "0"}])
    data |= inline(
        "subtitle_tracks", [{"language": "English", "order": "0"}, {"language": "French", "order": "1"}]
    )
    data |= inline("extras", [{"text": "Making the ants (9 min)", "order": "0"}]) | inline("images")

    response = client.post("/admin/catalog/release/add/", data)

    assert response.status_code == 302
    release = Release.objects.get()
    assert (release.slug, release.format_key) == ("them-1954-blu-ray-warner-archive", "blu ray")
    assert [t.language for t in release.subtitle_tracks.all()] == ["English", "French"]
    assert [(e.title, e.runtime_minutes) for e in release.extras.all()] == [("Making the ants", 9)]


def test_the_same_edition_twice_is_refused(client, editor, stored):
    release = stored().release
    client.force_login(editor)
    data = {
        "film": str(release.film_id), "label": str(release.label_id), "disc_format": "BLU-RAY",
        "street_date": "2014-06-17", "slug": "", "_save": "Save",
    }  # fmt: skip
    data |= inline("audio_tracks") | inline("subtitle_tracks") | inline("extras") | inline("images")

    response = client.post("/admin/catalog/release/add/", data)

    assert response.status_code == 200
    assert Release.objects.count() == 1


def test_a_new_label_gets_its_key_and_slug(client, editor):
    client.force_login(editor)

    client.post(
        "/admin/catalog/label/add/",
        {"name": "Arrow Video", "slug": "", "website": "arrowfilms.com"} | inline("images"),
    )

    label = Label.objects.get()
    assert (label.name_key, label.slug, label.website) == (
        "arrow video",
        "arrow-video",
        "https://arrowfilms.com",
    )


def test_a_critic_can_add_a_film_but_not_delete_one(client, critic, stored):
    film = stored().film
    client.force_login(critic)

    assert client.get("/admin/catalog/film/add/").status_code == 200
    assert client.post(f"/admin/catalog/film/{film.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Film.objects.filter(pk=film.pk).exists()


def test_the_person_picker_finds_people_by_name(client, editor, stored):
    stored()
    client.force_login(editor)

    response = client.get(
        "/admin/autocomplete/",
        {"term": "whitm", "app_label": "catalog", "model_name": "credit", "field_name": "person"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["James Whitmore"]
