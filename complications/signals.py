"""Keep fixture reloads from touching timestamps.

loaddata saves rows raw, bypassing save(), and fixtures carry no timestamps (a curated fact
has no invented dates). Without this, reloading a fixture would stamp every existing row
with the current time; with it, an existing row keeps its own timestamps.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Curated


@receiver(pre_save)
def keep_timestamps_on_raw_reload(sender, instance, raw, **kwargs):
    if not raw or not isinstance(instance, Curated) or instance.pk is None:
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values_list("created_at", "updated_at")
        .first()
    )
    if stored is not None:
        instance.created_at, instance.updated_at = stored
