from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "reelpress.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from reelpress.search import signals
        from reelpress.search.backends import index_file

        # The one place that keeps the index fresh: every change of a row a document reads.
        signals.connect()
        # SQLite: every connection attaches the index file (see backends/index_file.py).
        connection_created.connect(index_file.on_connection_created, dispatch_uid="search-attach-index")
        # Sent per app with models (this one has none): cheap when the index is attached already.
        post_migrate.connect(index_file.after_migrate, dispatch_uid="search-attach-after-migrate")
