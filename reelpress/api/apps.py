from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "reelpress.api"
    label = "api"
