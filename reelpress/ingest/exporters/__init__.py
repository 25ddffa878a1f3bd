"""Exporters: every review back out as JSON records, a spreadsheet CSV, or Letterboxd's import CSV.

All read the database through ``ingest.export`` (``review_queryset`` and ``record_from_review``),
so they show exactly what ``store.save`` stored.
"""
