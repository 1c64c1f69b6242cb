from django.apps import AppConfig


class CurationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "curation"
    verbose_name = "Curation: review, history and provenance"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
