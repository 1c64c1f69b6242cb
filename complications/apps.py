from django.apps import AppConfig


class ComplicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complications"
    verbose_name = "Complications and their evidence"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
