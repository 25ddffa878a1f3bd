from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "reelpress.catalog"
    label = "catalog"
