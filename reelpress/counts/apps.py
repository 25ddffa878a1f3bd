from django.apps import AppConfig


class CountsConfig(AppConfig):
    name = "reelpress.counts"
    label = "counts"
    verbose_name = "Counts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from reelpress.counts import recount

        post_migrate.connect(recount.after_migrate, dispatch_uid="counts-repair-after-migrate")
