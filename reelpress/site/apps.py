from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "reelpress.site"
    label = "site"
    verbose_name = "Site"
