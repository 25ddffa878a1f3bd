"""PostgreSQL: the tally functions of 0002 return at once while ``reelpress.counts_paused`` is
'on' for the transaction (``counts.pause.paused``). One transaction that stores thousands of
reviews (a dry run, an ``--atomic`` import) would otherwise update the same few tally rows
thousands of times, and PostgreSQL walks every earlier version of a row updated in the same
transaction: 8,000 reviews took 41.7 s instead of 1.7 s. SQLite keeps no row versions: unchanged.
"""

import re
from importlib import import_module

from django.db import migrations

GUARD = "    IF current_setting('reelpress.counts_paused', true) = 'on' THEN RETURN NULL; END IF;\n"
HEAD = re.compile(r"CREATE FUNCTION (\w+)\(\) RETURNS trigger AS \$\$\s*BEGIN\s*\n")


def _functions(guarded: bool) -> list[str]:
    statements = import_module("reelpress.counts.migrations.0002_archive_figures").postgres()
    found = []
    for sql in statements:
        match = HEAD.match(sql.strip())
        if match is None:
            continue  # a CREATE TRIGGER: it names the function, which is replaced in place
        head = f"CREATE OR REPLACE FUNCTION {match.group(1)}() RETURNS trigger AS $$\nBEGIN\n"
        found.append(head + (GUARD if guarded else "") + sql.strip()[match.end() :])
    return found


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _functions(guarded=True):
            schema_editor.execute(sql)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _functions(guarded=False):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("counts", "0002_archive_figures")]

    operations = [migrations.RunPython(guard, unguard)]
