from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "reelpress.mail"
    label = "mail"
    verbose_name = "Reader mail"

    def ready(self):
        from reelpress.mail import checks  # noqa: F401 - registers the system checks
