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
