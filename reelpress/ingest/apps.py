from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "reelpress.ingest"
    label = "ingest"
