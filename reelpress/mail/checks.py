"""System checks for reader mail: configuration mistakes named with their fix."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def editor_addresses(app_configs, **kwargs):
    if getattr(settings, "REELPRESS_EDITOR_EMAILS", None):
        return []
    return [
        Warning(
            "No editor will be told about new reader letters.",
            hint="Set REELPRESS_EDITOR_EMAILS to a comma-separated list of addresses.",
            id="reelpress.mail.W001",
        )
    ]
