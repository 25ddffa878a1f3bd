"""ReelPress's own system checks: configuration mistakes named with the fix (``reelpress check``)."""

import sqlite3

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key_from_environment(app_configs, **kwargs):
    import os

    if os.environ.get("SECRET_KEY"):
        return []
    return [
        Warning(
            "SECRET_KEY is not set in the environment; a key generated into the data folder is used.",
            hint="Set SECRET_KEY in the service's environment so every app process shares one key.",
            id="reelpress.W001",
        )
    ]


@register(Tags.database)
def check_sqlite_has_fts5(app_configs, **kwargs):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return []
    try:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        conn.close()
    except sqlite3.OperationalError:
        return [
            Error(
                "This Python's SQLite lacks the FTS5 extension that search needs.",
                hint="Use a Python built against a current SQLite (Debian's python3 has it).",
                id="reelpress.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_debug_off(app_configs, **kwargs):
    if settings.DEBUG:
        return [
            Error(
                "DEBUG is on: error pages would show settings and code to anyone.",
                hint="Unset DEBUG (or DEBUG=0) in production.",
                id="reelpress.E002",
            )
        ]
    return []
