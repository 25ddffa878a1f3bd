"""REELPRESS_TESTS=database (CI's PostgreSQL run) keeps exactly the tests that can reach a database."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MODULE = "reelpress/site/tests/test_operations_commands.py"


def _collected(wanted: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REELPRESS_TESTS": wanted}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--collect-only",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
    ]
    return subprocess.run([*command, MODULE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_only_tests_with_a_database_mark_or_fixture_are_kept():
    every = _collected("all")
    database = _collected("database")
    assert every.returncode == 0 and database.returncode == 0, every.stdout + database.stdout
    assert f"{MODULE}::test_every_reelpress_command_prints_its_help" in every.stdout
    assert "test_every_reelpress_command_prints_its_help" not in database.stdout  # no database
    assert f"{MODULE}::test_ensure_admin_creates_one_admin_and_prints_its_password_once" in database.stdout
    assert f"{MODULE}::test_a_database_only_backup_holds_every_review" in database.stdout
    assert "1 deselected" in database.stdout


def test_an_unknown_choice_is_refused():
    ran = _collected("sqlite-only")
    assert ran.returncode != 0
    assert "REELPRESS_TESTS must be 'all' or 'database'" in ran.stdout + ran.stderr
