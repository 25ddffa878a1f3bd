"""Configuration mistakes in reader mail surface as system checks."""

from django.test import override_settings

from reelpress.mail.checks import editor_addresses


def test_no_editor_addresses_is_a_warning_that_names_the_setting():
    with override_settings(REELPRESS_EDITOR_EMAILS=[]):
        [warning] = editor_addresses(None)
    assert warning.id == "reelpress.mail.W001"
    assert "REELPRESS_EDITOR_EMAILS" in warning.hint


def test_editor_addresses_set_is_fine():
    with override_settings(REELPRESS_EDITOR_EMAILS=["ed@example.org"]):
        assert editor_addresses(None) == []
