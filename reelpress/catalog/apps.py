from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "reelpress.catalog"
    label = "catalog"

    def ready(self):
        from django.db.models.signals import post_migrate

        from reelpress.catalog import sortkey

        post_migrate.connect(sortkey.after_migrate, dispatch_uid="catalog-sort-key-after-migrate")
