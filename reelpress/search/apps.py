from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "reelpress.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate

        from reelpress.reviews.models import Review
        from reelpress.search.backends import index_file

        post_delete.connect(_review_deleted, sender=Review, dispatch_uid="search-unindex-review")
        # SQLite: every connection attaches the index file (see backends/index_file.py).
        connection_created.connect(index_file.on_connection_created, dispatch_uid="search-attach-index")
        # Sent per app with models (this one has none): cheap when the index is attached already.
        post_migrate.connect(index_file.after_migrate, dispatch_uid="search-attach-after-migrate")


def _review_deleted(sender, instance, **kwargs):
    from reelpress.search.index import unindex_review

    unindex_review(instance.pk)
