from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "reelpress.images"
    label = "images"
    verbose_name = "Pictures"

    def ready(self):
        from reelpress.images import checks, signals  # noqa: F401
