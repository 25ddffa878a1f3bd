"""The default store of the page cache (``lib/filecache.FileCache``) keeps to MAX_ENTRIES without
listing its whole folder on every write."""

from __future__ import annotations

from pathlib import Path

from reelpress.lib import cacheurl
from reelpress.lib.filecache import FileCache


def make(folder: Path, max_entries: int) -> FileCache:
    return FileCache(str(folder), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_the_default_cache_url_uses_it(tmp_path):
    assert cacheurl.parse(f"file://{tmp_path}")["BACKEND"] == "reelpress.lib.filecache.FileCache"


def test_it_lists_its_folder_once_per_hundredth_of_its_size_in_writes(tmp_path, monkeypatch):
    store = make(tmp_path, 10_000)
    listings = []
    real = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: listings.append(1) or real(self))
    for n in range(1000):
        store.set(f"page-{n}", "x" * 100)
    assert len(listings) == 10  # Django's own: 1000


def test_it_still_culls_past_max_entries(tmp_path):
    store = make(tmp_path, 300)  # counted every 3 writes
    for n in range(2000):
        store.set(f"page-{n}", "x" * 100)
    files = list(tmp_path.glob("*.djcache"))
    assert 100 <= len(files) <= 303
    assert store.get("page-1999") == "x" * 100


def test_a_tiny_cache_counts_on_every_write(tmp_path):
    store = make(tmp_path, 20)
    for n in range(200):
        store.set(f"page-{n}", "x")
    assert len(list(tmp_path.glob("*.djcache"))) <= 20
