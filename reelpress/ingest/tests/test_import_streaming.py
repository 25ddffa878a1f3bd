"""Imports read records as a stream: stored before the file is read to the end, memory flat.

The figures (peak memory at 100,000 and 1,000,000 records) are in bench/memory.py and
bench/RESULTS.md; these tests prove the shape, not the speed.
"""

import io
import json
import time
import zipfile

import pytest

from reelpress.ingest.importers import json_import, keys, letterboxd
from reelpress.ingest.importers.batch import run
from reelpress.ingest.importers.files import InputError
from reelpress.ingest.importers.json_import import JsonSource, read_values
from reelpress.ingest.importers.keys import SeenKeys
from reelpress.ingest.importers.letterboxd import LetterboxdSource
from reelpress.ingest.tests.import_helpers import letterboxd_zip, run_command, snapshot, summary_count
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db

HEADER = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"


def records(count: int) -> list[dict]:
    return [
        {"title": f"Film number {n}", "year": 1950 + n % 40, "slug": f"film-{n}", "body": "word " * 200}
        for n in range(count)
    ]


def export_json(path, data) -> None:
    # The layout `reelpress export json` writes: indented records, one after another.
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


class Counting(io.RawIOBase):
    """A file that counts the bytes read from it."""

    def __init__(self, handle, counter: dict):
        self.handle, self.counter = handle, counter

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.handle.read(len(buffer))
        self.counter["read"] += len(data)
        buffer[: len(data)] = data
        return len(data)

    def fileno(self):
        return self.handle.fileno()

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return self.handle.seek(offset, whence)

    def close(self):
        self.handle.close()
        super().close()


def test_json_records_are_stored_before_the_file_has_been_read_to_the_end(tmp_path, monkeypatch):
    path = tmp_path / "records.json"
    export_json(path, records(300))
    size = path.stat().st_size
    monkeypatch.setattr(json_import, "READ_BYTES", 16 * 1024)
    counter = {"read": 0}
    real_open = open

    def counting_open(name, mode="r", *args, **kwargs):
        counter["read"] = 0  # each pass starts again at the top
        return io.BufferedReader(Counting(real_open(name, mode, *args, **kwargs), counter))

    monkeypatch.setattr(json_import, "open", counting_open, raising=False)
    read_at_first_store: list[int] = []

    def stored(outcome):
        if outcome.action == "created" and not read_at_first_store:
            read_at_first_store.append(counter["read"])

    summary = run(JsonSource(str(path), max_bytes=size * 2), batch_size=10, on_outcome=stored)

    assert summary.counts["created"] == 300
    # The first ten records were stored when well under a tenth of the file had been read.
    assert 0 < read_at_first_store[0] < size / 10, (read_at_first_store, size)


def test_letterboxd_rows_are_stored_before_the_csv_has_been_read_to_the_end(tmp_path, monkeypatch):
    rows = "".join(
        f"2024-01-0{n % 9 + 1},Film {n},19{n % 90 + 10},https://boxd.it/f{n},4,,{'x' * 300},,\n"
        for n in range(300)
    )
    export = letterboxd_zip(tmp_path / "export.zip", {"reviews.csv": HEADER + rows})
    size = len(HEADER + rows)
    counter = {"read": 0}
    real_open = zipfile.ZipFile.open

    def counting_member(self, name, *args, **kwargs):
        member = real_open(self, name, *args, **kwargs)
        counter["read"] = 0
        for method in ("read", "readline", "read1"):
            original = getattr(member, method)

            def counted(*a, _original=original, **k):
                data = _original(*a, **k)
                counter["read"] += len(data)
                return data

            setattr(member, method, counted)
        return member

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_member)
    read_at_first_store: list[int] = []

    def stored(outcome):
        if outcome.action == "created" and not read_at_first_store:
            read_at_first_store.append(counter["read"])

    summary = run(LetterboxdSource(str(export), max_bytes=10**8), batch_size=10, on_outcome=stored)

    assert summary.counts["created"] == 300
    assert 0 < read_at_first_store[0] < size / 10, (read_at_first_store, size)


@pytest.mark.parametrize("chunk", [7, 64, 1024])
def test_the_json_reader_gives_the_same_records_whatever_the_read_size(monkeypatch, chunk):
    data = [
        {"title": "Ça tourne — 映画", "year": 1954, "ratings": {"Movie": "4.5 of 5"}, "n": 12345678901234},
        1.5e10,
        'a string with \\u escapes \u00e9 and "quotes"',
        {"title": "Them!", "year": 1954, "cast": ["James Whitmore", "Edmund Gwenn"], "flag": True},
        None,
        98765,
    ] * 20
    monkeypatch.setattr(json_import, "READ_BYTES", chunk)
    for text in (json.dumps(data), json.dumps(data, indent=2, ensure_ascii=False)):
        assert list(read_values(io.BytesIO(text.encode("utf-8")))) == data


def test_the_json_reader_names_the_line_of_an_error_far_into_the_file(monkeypatch):
    monkeypatch.setattr(json_import, "READ_BYTES", 100)
    text = json.dumps(records(50), indent=2)
    lines = text.splitlines()
    bad = len(lines) - 10
    lines[bad] = lines[bad] + ","  # a trailing comma inside a record
    with pytest.raises(InputError) as error:
        list(read_values(io.BytesIO("\n".join(lines).encode())))

    assert f"line {bad + 2}," in str(error.value) or f"line {bad + 1}," in str(error.value), error.value
    assert "not valid JSON" in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n ", "holds only blank space"),
        (b'[{"title": "A"}] [', "extra data after the records"),
        (b'[{"title": "A"} {"title": "B"}]', "expected ',' or ']'"),
        (b'[{"title": "A"},', "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
        (b'[{"title": "\xff"}]', "line 1, column 13: byte 0xff is not valid UTF-8"),
        (b"42", "expected a list of records"),
    ],
)
def test_the_json_reader_refuses_what_is_not_a_list_of_records(text, message):
    with pytest.raises(InputError) as error:
        list(read_values(io.BytesIO(text)))

    assert message in str(error.value)


def test_a_json_file_broken_after_many_records_imports_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(json_import, "READ_BYTES", 256)
    path = tmp_path / "records.json"
    export_json(path, records(40))
    path.write_bytes(path.read_bytes()[:-20])  # cut off inside the last record
    before = snapshot()

    result = run_command("import", "json", str(path), "--batch-size", "5")

    assert not result.ok
    assert "not valid JSON" in result.err
    assert snapshot() == before


def test_a_letterboxd_csv_with_a_bad_byte_far_down_imports_nothing_and_names_the_line(tmp_path):
    rows = [f"2024-01-01,Film {n},1960,https://boxd.it/f{n},4,,Fine.,,\n" for n in range(30)]
    body = (HEADER + "".join(rows)).encode() + b"2024-01-01,Caf\xe9,1960,https://boxd.it/x,4,,Bad.,,\n"
    export = letterboxd_zip(tmp_path / "export.zip", {"reviews.csv": body})

    result = run_command("import", "letterboxd", str(export), "--batch-size", "5")

    assert not result.ok
    assert "reviews.csv: line 32, column 15: byte 0xe9 is not valid UTF-8" in result.err
    assert not Review.objects.exists()


def test_a_letterboxd_csv_longer_than_its_header_says_is_refused_while_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(letterboxd, "MEMBER_LIMIT", 4096)
    rows = "".join(f"2024-01-01,Film {n},1960,https://boxd.it/f{n},4,,Fine.,,\n" for n in range(200))
    export = letterboxd_zip(tmp_path / "export.zip", {"reviews.csv": HEADER + rows})
    with zipfile.ZipFile(export) as archive:
        assert archive.getinfo("reviews.csv").file_size > 4096
    # The declared size is checked first; a lying header is caught by counting what is unpacked.
    monkeypatch.setattr(LetterboxdSource, "_check_sizes", staticmethod(lambda info, name: None))

    result = run_command("import", "letterboxd", str(export))

    assert not result.ok
    assert "unpacks to more than 4.0 KB" in result.err
    assert not Review.objects.exists()


def test_the_same_review_twice_is_caught_after_the_seen_keys_spill_to_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(keys, "SPILL", 5)
    data = records(12) + [{"title": "Film number 3 again", "year": 1990, "slug": "film-3"}]
    path = tmp_path / "records.json"
    export_json(path, data)

    result = run_command("import", "json", str(path), "--batch-size", "4")

    assert summary_count(result.out, "created") == 12
    assert summary_count(result.out, "skipped") == 1
    assert "item 13 (film-3): same review as" in result.out and "item 4 (film-3)" in result.out


def test_seen_keys_answer_the_same_in_memory_and_on_disk():
    with SeenKeys(spill=3) as seen:
        for n in range(10):
            seen[("slug", f"s{n}")] = f"item {n}"
            assert seen.on_disk == (n >= 3)
        seen.add(("film", "them", "1954"))
        assert seen[("slug", "s0")] == "item 0" and seen.get(("slug", "s9")) == "item 9"
        assert ("film", "them", "1954") in seen and ("film", "them", "1955") not in seen
    assert not seen.on_disk  # closed: the scratch file is gone


def test_page_workers_read_a_bounded_window_ahead_of_the_store():
    # imap queued every page read (text and all) while the slower store caught up.
    from multiprocessing.dummy import Pool

    from reelpress.ingest.importers.items import Item
    from reelpress.ingest.importers.pages import CHUNK, _read_ahead

    read: list[int] = []

    def read_page(entry):
        read.append(entry)
        return Item(str(entry))

    with Pool(2) as pool:
        items = _read_ahead(pool, read_page, list(range(3000)), window=4)
        first = next(items)
        time.sleep(0.5)  # time enough for the workers to read every page, were they let
        assert len(read) <= 5 * CHUNK
        assert [item.where for item in (first, *items)] == [str(n) for n in range(3000)]


@pytest.mark.django_db
def test_an_import_remembers_a_bounded_number_of_names_and_never_doubles_a_forgotten_one(
    monkeypatch, make_record
):
    from reelpress.catalog.models import Person
    from reelpress.ingest import store

    monkeypatch.setattr(store, "REMEMBERED_NAMES", 3)
    with store.caching():
        for n in range(8):
            record = make_record(
                slug=f"cast-{n}",
                title=f"Cast film {n}",
                year=1960 + n,
                directors=[f"Director {n % 5}"],
                cast=[f"Actor {n}", "Same Star"],
            )
            store.save(record)
            assert len(store._cached("person")) <= 3
    assert Person.objects.filter(name="Same Star").count() == 1
    assert Person.objects.filter(name__startswith="Director ").count() == 5
    assert Person.objects.filter(name__startswith="Actor ").count() == 8
