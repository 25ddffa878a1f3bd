"""Merging duplicates (catalog.merge) moves the losers' pictures to the survivor instead of
letting the delete cascade to them."""

import pytest

from reelpress.catalog.merge import merge
from reelpress.catalog.models import Label, Person
from reelpress.images import uploads
from reelpress.images.models import Image
from reelpress.images.tests.samples import jpeg, png

pytestmark = pytest.mark.django_db


def test_a_merged_persons_portrait_goes_to_the_survivor(stored):
    stored()
    survivor = Person.objects.get(name="James Whitmore")
    loser = Person.objects.create(name="Jim Whitmore", name_key="jim whitmore", slug="jim-whitmore")
    portrait = uploads.add(loser, jpeg(600, 800), "portrait", alt="Jim Whitmore in 1954")
    merge(survivor, [loser])
    portrait.refresh_from_db()
    assert portrait.person == survivor


def test_labels_and_folded_editions_keep_their_covers_and_captures(stored):
    kept = stored()
    twin = stored(label="Warner Archive", slug="them-wa")  # same film, format and date, other label
    loser_label = twin.release.label
    logo = uploads.add(loser_label, png(), "logo", alt="WA logo")
    cover = uploads.add(twin.release, jpeg(), "front", alt="Cover")
    capture = uploads.add(twin, jpeg(color=(9, 9, 9)), "capture", alt="Frame", edition=twin.release)
    merge(kept.release.label, [loser_label])
    assert not Label.objects.filter(pk=loser_label.pk).exists()
    for image in (logo, cover, capture):
        image.refresh_from_db()
    assert logo.label == kept.release.label
    assert cover.release == kept.release and capture.edition == kept.release
    assert Image.objects.count() == 3
