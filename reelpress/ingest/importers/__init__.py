"""Importers: outside formats (legacy pages, WordPress, Letterboxd, JSON) turned into ReviewRecords.

Each source module yields :class:`~reelpress.ingest.importers.batch.Item` objects; the shared
runner in :mod:`.batch` stores them through ``ingest.store.save`` in batched transactions.
"""
