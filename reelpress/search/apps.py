from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "reelpress.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_delete

        from reelpress.reviews.models import Review

        post_delete.connect(_review_deleted, sender=Review, dispatch_uid="search-unindex-review")


def _review_deleted(sender, instance, **kwargs):
    from reelpress.search.index import unindex_review

    unindex_review(instance.pk)
