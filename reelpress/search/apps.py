from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "reelpress.search"
    label = "search"
