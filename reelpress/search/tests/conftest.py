"""Films every search test knows: built through the one store path, so the index is the real one."""

import pytest


@pytest.fixture
def spacewalker(stored):
    return stored(
        title="Spacewalker",
        original_title="Vremya pervykh",
        alternate_titles=["The First Time"],
        year=2017,
        directors=["Dmitriy Kiselev"],
        cast=["Evgeniy Mironov", "Konstantin Khabenskiy"],
        cinematographers=["Sergey Astakhov"],
        label="Capelight",
        disc_format="Blu-ray",
        street_date="2018-03-01",
        reviewer="Ada Critic",
        verdict="Recommended",
        headline="Spacewalker",
        blurb="The Voskhod 2 mission, first walk in open space, told as a thriller.",
        body="Leonov floats out of the airlock while the capsule drifts.\n\nThe Blu-ray picture is crisp.",
        published_at="2026-01-12T12:00:00+00:00",
    )


@pytest.fixture
def days_of_heaven(stored):
    return stored(
        title="Days of Heaven",
        headline="Days of Heaven",
        year=1978,
        directors=["Terrence Malick"],
        cast=["Richard Gere", "Brooke Adams", "Sam Shepard"],
        cinematographers=["Néstor Almendros"],
        label="Criterion",
        disc_format="Blu-ray",
        street_date="2010-03-23",
        reviewer="Bo Viewer",
        verdict="Highly Recommended",
        blurb="Magic-hour wheat fields and a love triangle.",
        body="Almendros shot the wheat at dusk. The harvest burns in the last reel.",
        published_at="2026-01-05T12:00:00+00:00",
    )


@pytest.fixture
def them(stored):
    # The conftest default record: Them! (1954), DVD here so formats differ.
    return stored(
        disc_format="DVD",
        verdict="Worth a Look",
        packaging="One DVD in keep case",
        label="Warner Archive Collection",
        street_date="2005-01-01",
        body="Giant ants. James Whitmore hunts the nest in the storm drains of Los Angeles.",
        published_at="2026-01-01T12:00:00+00:00",
    )


@pytest.fixture
def catalogue(spacewalker, days_of_heaven, them):
    return {"spacewalker": spacewalker, "days": days_of_heaven, "them": them}
