"""One behaviour class for search, run against whichever backend the test database gives."""

import pytest
from django.db import connection

from reelpress.search import search


def slugs(results):
    return [hit.slug for hit in results.hits]


@pytest.mark.django_db
class TestSearchBehaviour:
    """Every query form readers use; the backend follows connection.vendor (SQLite or PostgreSQL)."""

    def test_it_runs_on_the_backend_of_the_current_database(self):
        from reelpress.search.backends import backend_for

        assert backend_for().vendor == connection.vendor

    def test_a_title_word_finds_its_review(self, catalogue):
        assert slugs(search("spacewalker")) == [catalogue["spacewalker"].slug]

    def test_all_words_must_match(self, catalogue):
        assert slugs(search("wheat heaven")) == [catalogue["days"].slug]
        assert search("wheat spacewalker").total == 0

    def test_an_exact_phrase_matches_words_in_order_only(self, catalogue):
        assert slugs(search('"walk in open space"')) == [catalogue["spacewalker"].slug]
        assert search('"space open walk"').total == 0

    def test_an_excluded_word_removes_reviews(self, catalogue):
        found = slugs(search("blu-ray -malick"))
        assert catalogue["spacewalker"].slug in found and catalogue["days"].slug not in found

    def test_an_excluded_word_alone_lists_everything_else(self, catalogue):
        found = slugs(search("-spacewalker"))
        assert catalogue["spacewalker"].slug not in found and catalogue["days"].slug in found

    def test_a_prefix_matches_the_start_of_words(self, catalogue):
        assert slugs(search("spacew*")) == [catalogue["spacewalker"].slug]
        assert slugs(search("almend*")) == [catalogue["days"].slug]

    def test_or_matches_either_word(self, catalogue):
        found = set(slugs(search("spacewalker OR heaven")))
        assert found == {catalogue["spacewalker"].slug, catalogue["days"].slug}

    def test_title_field_searches_titles_only(self, catalogue):
        assert slugs(search("title:heaven")) == [catalogue["days"].slug]
        assert search("title:almendros").total == 0

    def test_director_field_searches_directors_only(self, catalogue):
        assert slugs(search("director:kiselev")) == [catalogue["spacewalker"].slug]
        assert search("director:mironov").total == 0

    def test_actor_field_matches_any_credit_by_name(self, catalogue):
        assert slugs(search("actor:mironov")) == [catalogue["spacewalker"].slug]
        assert slugs(search('actor:"nestor almendros"')) == [catalogue["days"].slug]

    def test_label_format_verdict_and_author_fields(self, catalogue):
        assert slugs(search("label:capelight")) == [catalogue["spacewalker"].slug]
        assert slugs(search("format:dvd")) == [catalogue["them"].slug]
        assert slugs(search('verdict:"highly recommended"')) == [catalogue["days"].slug]
        assert slugs(search("author:viewer")) == [catalogue["days"].slug]

    def test_year_and_year_ranges(self, catalogue):
        assert slugs(search("year:1954")) == [catalogue["them"].slug]
        assert set(slugs(search("year:1950..1979"))) == {catalogue["them"].slug, catalogue["days"].slug}
        assert search("year:1990..1999").total == 0

    def test_original_and_alternate_titles_match(self, catalogue):
        assert slugs(search("Vremya pervykh")) == [catalogue["spacewalker"].slug]
        assert slugs(search('"the first time"')) == [catalogue["spacewalker"].slug]

    def test_accents_fold_both_ways(self, catalogue):
        assert slugs(search("Nestor Almendros")) == [catalogue["days"].slug]
        assert slugs(search("Néstor")) == [catalogue["days"].slug]
        assert slugs(search("NESTOR")) == [catalogue["days"].slug]

    def test_titles_rank_above_credits_above_body(self, stored, catalogue):
        body_only = stored(
            title="Orbit",
            headline="Orbit",
            year=2001,
            body="A film about spacewalker training.",
            directors=["X Y"],
        )
        in_credits = stored(
            title="Cosmos", headline="Cosmos", year=2002, cast=["Sam Spacewalker"], directors=["Z W"]
        )
        found = slugs(search("spacewalker"))
        assert found == [catalogue["spacewalker"].slug, in_credits.slug, body_only.slug]

    def test_an_exact_title_comes_first_and_ties_go_to_the_newest(self, stored):
        older = stored(
            title="Heat",
            headline="Heat",
            year=1995,
            published_at="2025-01-01T00:00:00+00:00",
            directors=["M M"],
        )
        newer = stored(
            title="Heat Wave",
            headline="Heat Wave",
            year=1990,
            published_at="2026-02-01T00:00:00+00:00",
            directors=["A B"],
        )
        newest = stored(
            title="The Heat",
            headline="The Heat",
            year=2013,
            published_at="2026-03-01T00:00:00+00:00",
            directors=["P F"],
        )
        assert slugs(search("heat")) == [older.slug, newest.slug, newer.slug]

    def test_snippets_highlight_matches_and_escape_html(self, stored):
        stored(
            title="Escape",
            year=2000,
            directors=["E E"],
            body="The <script>alert(1)</script> wheat & <chaff burn.",
        )
        hit = search("wheat").hits[0]
        assert "<mark>wheat</mark>" in hit.snippet_html
        assert "<script>" not in hit.snippet_html and "&amp; &lt;chaff" in hit.snippet_html

    def test_title_is_highlighted_and_alternate_title_shown_when_it_matched(self, catalogue):
        hit = search("pervykh").hits[0]
        assert "<mark>pervykh</mark>" in hit.also_known_as_html.lower()
        assert search("spacewalker").hits[0].title_html == "<mark>Spacewalker</mark>"

    def test_facets_count_results_by_format_label_decade_director_verdict_author(self, catalogue):
        results = search("blu-ray")
        facets = {g.name: {v.slug: v.count for v in g.values} for g in results.facets}
        assert facets["format"] == {"blu-ray": 2}
        assert facets["label"] == {"capelight": 1, "criterion": 1}
        assert facets["decade"] == {"1970": 1, "2010": 1}
        assert facets["director"] == {"dmitriy-kiselev": 1, "terrence-malick": 1}
        assert facets["verdict"] == {"recommended": 1, "highly-recommended": 1}
        assert set(facets["author"]) == {"ada-critic", "bo-viewer"}

    def test_filters_combine_and_narrow(self, catalogue):
        assert {h.slug for h in search("", {"format": ["blu-ray"]}).hits} == {
            catalogue["spacewalker"].slug,
            catalogue["days"].slug,
        }
        both = search("", {"format": "blu-ray", "decade": "1970"})
        assert slugs(both) == [catalogue["days"].slug] and both.total == 1
        assert search("spacewalker", {"label": "criterion"}).total == 0

    def test_browse_without_words_lists_a_facet_with_exact_counts(self, catalogue):
        results = search("", {"format": "dvd"})
        assert slugs(results) == [catalogue["them"].slug] and results.total == 1
        everything = search("")
        assert everything.total == 3
        assert {v.slug: v.count for v in everything.facets[0].values} == {"blu-ray": 2, "dvd": 1}

    def test_did_you_mean_corrects_a_misspelled_title(self, catalogue):
        results = search("spacewlaker")
        assert results.total == 0 and results.suggestion == "Spacewalker"

    def test_did_you_mean_corrects_a_misspelled_name(self, catalogue):
        assert search("almendors").suggestion == "Almendros"

    def test_did_you_mean_catches_swapped_letters_in_a_short_word(self, catalogue):
        assert search("heaevn").suggestion == "Heaven"
        assert search("days of heaevn").suggestion == "days of Heaven"

    def test_did_you_mean_finds_a_swap_that_shares_no_letter_triple_with_the_word(self, stored, catalogue):
        # "baer" and "bear" have no trigram in common ("^ba", "bae", "aer", "er$" against "^be",
        # "bea", "ear", "ar$"): only their letters, sorted, are the same.
        stored(title="Bear Country", year=1953, directors=["James Algar"], headline="Bear Country")
        assert search("baer").suggestion == "Bear"
        assert search("baer country").suggestion == "Bear country"

    def test_drafts_and_scheduled_reviews_never_show(self, stored, future, catalogue):
        stored(title="Secret Draft", year=2020, status="draft", directors=["Q Q"], label="Hidden Label")
        stored(
            title="Secret Future", year=2020, status="scheduled", published_at=future, label="Hidden Label"
        )
        assert search("secret").total == 0
        assert search("hidden").total == 0
        assert search("secrte").suggestion is None
        everything = search("")
        assert everything.total == 3
        labels = {v.slug for g in everything.facets if g.name == "label" for v in g.values}
        assert "hidden-label" not in labels
        assert "hidden-label" not in {v.slug for g in search("2020").facets for v in g.values}

    def test_scheduled_reviews_appear_once_their_time_comes(self, stored, future, catalogue, monkeypatch):
        import datetime as dt

        from django.utils import timezone

        review = stored(
            title="Later Film", year=2020, status="scheduled", published_at=future, directors=["L L"]
        )
        assert search("later").total == 0
        later = timezone.now() + dt.timedelta(days=31)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert slugs(search("later")) == [review.slug]

    def test_the_index_follows_saves_updates_and_deletes(self, stored, catalogue):
        review = stored(title="Fresh Film", year=2021, directors=["N N"], body="original words")
        assert slugs(search("original")) == [review.slug]
        stored(title="Fresh Film", year=2021, directors=["N N"], body="rewritten prose")
        assert search("original").total == 0
        assert slugs(search("rewritten")) == [review.slug]
        review.delete()
        assert search("rewritten").total == 0
        assert search("").total == 3

    def test_a_review_turned_back_into_a_draft_leaves_the_index(self, stored, catalogue):
        review = stored(title="Wavering", year=2021, directors=["N N"])
        assert search("wavering").total == 1
        stored(title="Wavering", year=2021, directors=["N N"], status="draft")
        assert search("wavering").total == 0
        assert review.pk

    def test_results_report_total_pages_and_time(self, catalogue):
        results = search("blu-ray")
        assert results.total == 2 and results.pages == 1 and results.took_ms > 0
        assert results.total_display == "2"

    def test_a_page_past_the_end_is_empty_not_an_error(self, catalogue):
        assert search("blu-ray", page=999).hits == []
        assert search("blu-ray", page="x").page == 1

    def test_hostile_input_gives_results_or_nothing_never_an_error(self, catalogue):
        for text in [
            '"',
            '"""',
            "-",
            "*",
            "OR",
            "OR OR AND NOT",
            "(",
            ")",
            "{title}:x",
            "title:",
            "NEAR(a b)",
            "a\x00b",
            "\x01\x02\x1b[31m",
            "'; DROP TABLE reviews_review; --",
            'spacewalker" OR 1=1 --',
            "^x",
            "x:y:z",
            "year:9999999999",
            "year:0..99999",
            "a" * 10_000,
            "ab " * 4_000,
            "-a -b -c",
            "k|zall",
            "\\",
        ]:
            results = search(text)
            assert results.total >= 0
        assert slugs(search('spacewalker"')) == [catalogue["spacewalker"].slug]


@pytest.mark.django_db
def test_a_credit_change_through_another_edition_refreshes_every_review_of_the_film(stored):
    first = stored(title="Twin Peaks", headline="Twin Peaks", year=1992, disc_format="DVD", cast=["Kyle M"])
    stored(title="Twin Peaks", headline="Twin Peaks", year=1992, disc_format="Blu-ray", cast=["Sheryl Lee"])
    found = slugs(search("actor:sheryl"))
    assert first.slug in found and len(found) == 2


@pytest.mark.django_db
def test_results_have_a_json_ready_form(catalogue):
    import json

    data = search("mironov").to_dict()
    json.dumps(data)
    assert data["hits"][0]["title"] == "Spacewalker" and data["total"] == 1
    assert "format" in data["facets"]


@pytest.mark.django_db
def test_past_the_cap_totals_and_facets_are_labelled_and_an_old_title_match_still_leads(stored, monkeypatch):
    from reelpress.search import service

    monkeypatch.setattr(service, "CAP", 3)
    monkeypatch.setattr(service, "TIER_CAP", 2)
    old = stored(
        title="Harvest",
        headline="Harvest",
        year=1970,
        published_at="2020-01-01T00:00:00+00:00",
        directors=["H H"],
        body="A farm.",
    )
    for n in range(5):
        stored(
            title=f"Film {n}",
            headline=f"Film {n}",
            year=2000 + n,
            directors=[f"D {n}"],
            published_at=f"2025-0{n + 1}-01T00:00:00+00:00",
            body="The harvest comes late.",
        )
    results = search("harvest")
    assert results.total_display == "3+" and results.total_is_lower_bound
    assert results.facets_sampled
    assert results.hits[0].slug == old.slug
    # The page keeps walking past the cap, newest first, so every match stays reachable.
    assert [h.title for h in results.hits[1:]] == [f"Film {n}" for n in (4, 3, 2, 1, 0)]
