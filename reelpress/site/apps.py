from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "reelpress.site"
    label = "site"
    verbose_name = "Site"

    def ready(self):
        from reelpress.site import checks  # noqa: F401  (registers the system checks)
