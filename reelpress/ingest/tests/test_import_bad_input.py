"""Bad input: each gets one clear line naming the file (and line or item), a non-zero exit, and
leaves what is already stored exactly as it was."""

import json
import zipfile

import pytest

from reelpress.ingest.importers import letterboxd
from reelpress.ingest.tests.import_helpers import (
    LETTERBOXD,
    cinesavant_page,
    letterboxd_zip,
    run_command,
    snapshot,
)
from reelpress.reviews.models import Review

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def existing(stored):
    """A review already on the site: bad input must not touch it."""
    return stored()


def refused(path, *args) -> str:
    """Import ``args``; assert it failed, named ``path`` and changed nothing; return the error line."""
    before = snapshot()
    result = run_command("import", *args)
    assert not result.ok, result.text
    assert snapshot() == before
    lines = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert lines, result.text
    assert all(str(path) in line for line in lines), lines
    return lines[0]


def test_a_binary_file_is_refused_by_name(tmp_path):
    page = tmp_path / "cover.txt"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)

    assert "a PNG image, not text" in refused(page, "pages", str(page))


def test_a_file_full_of_nul_bytes_is_refused_as_binary(tmp_path):
    page = tmp_path / "junk.html"
    page.write_bytes(b"<html>" + b"\x00" * 100)

    assert "binary" in refused(page, "pages", str(page))


def test_an_empty_file_is_refused_by_name(tmp_path):
    page = tmp_path / "empty.txt"
    page.write_bytes(b"")

    assert "empty" in refused(page, "pages", str(page))


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path):
    page = tmp_path / "huge.txt"
    with open(page, "wb") as handle:
        handle.truncate(50 * MB)  # sparse: 50 MB on paper, nothing on disk

    line = refused(page, "pages", str(page))

    assert "50.0 MB" in line and "20.0 MB limit" in line and "--max-size" in line


def test_the_size_limit_is_an_option(tmp_path):
    page = tmp_path / "them.txt"
    page.write_text(cinesavant_page(source="https://example.org/them/"))

    assert "limit" in refused(page, "pages", str(page), "--max-size", "0.0001")


def test_invalid_utf8_is_refused_naming_the_line(tmp_path):
    page = tmp_path / "latin.txt"
    page.write_bytes(cinesavant_page().encode() + b"Caf\xe9 \xff\xfe society\n")

    line = refused(page, "pages", str(page))

    expected_line = len(cinesavant_page().splitlines()) + 1
    assert "not valid UTF-8" in line and f"line {expected_line}," in line and "--encoding" in line


def test_a_missing_path_is_reported_by_name(tmp_path):
    missing = tmp_path / "nowhere"

    assert "no such file or folder" in refused(missing, "pages", str(missing))


def test_a_malformed_wordpress_export_is_refused_with_its_line(tmp_path):
    export = tmp_path / "broken.xml"
    export.write_text(
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>Them!</title></channel></rss>"
    )

    line = refused(export, "wordpress", str(export))

    assert "line 2" in line and "not well-formed XML" in line


def test_a_wordpress_export_with_entity_declarations_is_refused(tmp_path):
    export = tmp_path / "laughs.xml"
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    export.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{entities}]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>'
        "<item><title>&lol9;</title></item></channel></rss>"
    )

    assert "DOCTYPE" in refused(export, "wordpress", str(export))


def test_an_xml_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    export = tmp_path / "feed.xml"
    export.write_text('<?xml version="1.0"?><feed><entry/></feed>')

    assert "not a WordPress export" in refused(export, "wordpress", str(export))


def test_a_malformed_letterboxd_csv_is_refused_naming_the_file_inside_and_the_line(tmp_path):
    broken = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
    broken += '2024-02-11,Them!,1954,https://boxd.it/x,4,,"good" and bad,,2024-02-10\n'
    export = letterboxd_zip(tmp_path / "letterboxd.zip", {"reviews.csv": broken})

    line = refused(export, "letterboxd", str(export))

    assert "reviews.csv line 2" in line and "malformed CSV" in line


def test_a_letterboxd_row_with_missing_fields_is_reported_and_the_others_imported(tmp_path):
    rows = (LETTERBOXD / "reviews.csv").read_text().rstrip("\n") + "\n2024-04-01,Broken Row,1950\n"
    export = letterboxd_zip(tmp_path / "letterboxd.zip", {"reviews.csv": rows})

    result = run_command("import", "letterboxd", str(export))

    assert not result.ok
    assert (
        f"error: {export}: reviews.csv line 6 (“Broken Row” 1950): 3 fields where the header has 9"
        in result.err
    )
    assert Review.objects.filter(source_url__startswith="https://boxd.it/").count() == 3


def test_a_zip_without_letterboxd_files_is_refused(tmp_path):
    export = letterboxd_zip(tmp_path / "photos.zip", {"holiday.jpg": b"\xff\xd8\xff", "notes.txt": "hi"})

    assert "not a Letterboxd export" in refused(export, "letterboxd", str(export))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    export = tmp_path / "letterboxd.zip"
    export.write_text((LETTERBOXD / "reviews.csv").read_text())

    assert "not a zip file" in refused(export, "letterboxd", str(export))


def test_a_zip_member_that_would_unpack_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(letterboxd, "MEMBER_LIMIT", 1 * MB)
    header = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
    export = letterboxd_zip(tmp_path / "big.zip", {"reviews.csv": header + " " * (2 * MB)})

    assert "over the 1.0 MB limit" in refused(export, "letterboxd", str(export))


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    export = tmp_path / "bomb.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("reviews.csv", b"\0" * (20 * MB))

    assert "zip bomb" in refused(export, "letterboxd", str(export))


def test_malformed_json_is_refused_with_its_line_and_column(tmp_path):
    path = tmp_path / "records.json"
    path.write_text('[\n  {"title": "Them!",\n  "year": 1954,,\n}]')

    line = refused(path, "json", str(path))

    assert "line 3" in line and "not valid JSON" in line


def test_json_that_is_not_a_list_of_records_is_refused(tmp_path):
    path = tmp_path / "records.json"
    path.write_text('"just a string"')

    assert "expected a list of records" in refused(path, "json", str(path))


def test_a_json_record_with_a_bad_field_is_named_by_its_position_and_field(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"title": "Them!", "year": "nineteen fifty-four", "slug": "them"}]))

    line = refused(path, "json", str(path))

    assert "item 1 (them)" in line and "year" in line


def test_the_import_goes_on_past_a_bad_file_and_exits_non_zero(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-good.txt").write_text(
        cinesavant_page("The Shootist", year=1976, source="https://x.org/s/")
    )
    (tmp_path / "c-binary.txt").write_bytes(b"\x00\x01\x02" * 10)

    result = run_command("import", "pages", str(tmp_path))

    assert not result.ok
    assert "2 item(s) failed" in result.error
    assert Review.objects.filter(source_url="https://x.org/s/").exists()
    assert "a-empty.txt" in result.err and "c-binary.txt" in result.err
