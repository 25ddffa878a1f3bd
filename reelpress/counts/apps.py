from django.apps import AppConfig


class CountsConfig(AppConfig):
    name = "reelpress.counts"
    label = "counts"
    verbose_name = "Counts"
