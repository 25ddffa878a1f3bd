"""A CineSavant "rates:" block is read as ratings only: "Sound: Good" names no sound designer."""

from reelpress.ingest.extract import extract

PAGE = """Night Harbour
Blu-ray
Example Classics
1961 / B&W / 1:66 widescreen / 91 min. / Street Date May 5, 2020
Starring: Ann Example, Bob Sample.
Sound: Walter Placeholder
Directed by
Carl Example
A short paragraph of prose about a harbour at night and the people who wait there.
Reviewed by Ada Critic
Blu-ray rates:
Movie: Excellent
Video: Very Good
Sound: Good
Supplements: Trailer
Packaging: One Blu-ray in Keep case
May 1, 2020
"""


def test_rating_words_in_a_ratings_block_are_not_credited_as_people():
    record = extract(PAGE)
    assert record["ratings"]["Sound"] == "Good"
    names = [name for names in record["other_credits"].values() for name in names]
    assert "Good" not in names
    assert "Walter Placeholder" in names
