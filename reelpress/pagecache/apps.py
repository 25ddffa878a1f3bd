from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "reelpress.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from reelpress.pagecache import generation

        # The one place that keeps cached pages fresh: every write statement on every connection.
        connection_created.connect(generation.watch_connection, dispatch_uid="pagecache-watch")
        post_migrate.connect(generation.after_migrate, dispatch_uid="pagecache-after-migrate")
