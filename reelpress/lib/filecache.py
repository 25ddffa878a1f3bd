"""The page cache's default store: Django's file cache, without a listing of its folder on every write.

Django's ``FileBasedCache`` lists every file of its folder on each ``set`` to decide whether to
cull past ``MAX_ENTRIES``: a cost that grows with the cache (a full cache of pages means tens of
thousands of names listed for each page stored). This one lists it on a process's first write and
then once every hundredth of ``MAX_ENTRIES`` writes (its threads together), so the folder may
exceed ``MAX_ENTRIES`` by about 1 % per process between two counts; culling itself is Django's.
"""

from __future__ import annotations

import threading
from collections import Counter

from django.core.cache.backends.filebased import FileBasedCache

_lock = threading.Lock()
_writes: Counter = Counter()  # per folder, for every thread's instance of the cache


class FileCache(FileBasedCache):
    def _cull(self):
        every = max(1, self._max_entries // 100)
        with _lock:
            _writes[self._dir] += 1
            due = _writes[self._dir] % every == 1 % every
        if due:
            super()._cull()
