from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "reelpress.mail"
    label = "mail"
