"""ReelPress's system checks name configuration mistakes and their fix."""

from reelpress.site import checks


def test_a_missing_secret_key_in_the_environment_is_named(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert [m.id for m in checks.check_secret_key_from_environment(None)] == ["reelpress.W001"]
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    assert checks.check_secret_key_from_environment(None) == []


def test_debug_in_production_is_an_error(settings):
    settings.DEBUG = True
    errors = checks.check_debug_off(None)
    assert [e.id for e in errors] == ["reelpress.E002"] and "DEBUG" in errors[0].hint
    settings.DEBUG = False
    assert checks.check_debug_off(None) == []


def test_this_python_has_fts5():
    assert checks.check_sqlite_has_fts5(None) == []


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False


def documented_production_environment() -> dict[str, str]:
    """The variables of the first ``sh`` block of docs/operations.md (the production example)."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "operations.md").read_text()
    block = re.search(r"```sh\n(.*?)```", doc, re.S).group(1)
    found = {}
    for line in block.splitlines():
        for word in line.split("#")[0].split():
            name, _, value = word.partition("=")
            found[name] = value
    return found


def test_the_documented_production_environment_passes_check_deploy_clean(tmp_path):
    import secrets
    import subprocess
    import sys

    env = documented_production_environment()
    assert {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "BEHIND_HTTPS_PROXY"} <= set(env)
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the doc's "..."
    env.update(
        PATH="/usr/bin:/bin",
        REELPRESS_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/site.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "-m", "reelpress.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
