"""``reelpress export csv``: one row per review for spreadsheets, a column per record field.

Lists are joined with "; ", mappings written "key: value; key: value". A cell that starts with
= + - @ (or a tab or carriage return) gets a leading apostrophe so a spreadsheet shows it as text
instead of running it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import dataclasses
from typing import TextIO

from reelpress.ingest.exporters.json_export import records
from reelpress.ingest.record import ReviewRecord

COLUMNS = [f.name for f in dataclasses.fields(ReviewRecord)]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One record value as spreadsheet text."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(
            f"{key}: {', '.join(val) if isinstance(val, list) else val}" for key, val in value.items()
        )
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def write_csv(out: TextIO) -> int:
    """Write the spreadsheet CSV to ``out``; return the number of rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records():
        values = record.to_dict()
        writer.writerow([cell(values[name]) for name in COLUMNS])
        count += 1
    return count
