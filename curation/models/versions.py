"""When the curated content last changed: one row, bumped by signals on every write."""

from django.db import models
from django.utils import timezone


class ContentVersion(models.Model):
    """Answers "has anything changed since?" in one indexed read, for HTTP caching."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    changed_at = models.DateTimeField(default=timezone.now)
    number = models.PositiveBigIntegerField(
        default=1, help_text="Goes up by one with every change: a cache key changes with it."
    )

    # Changes made by this process: a copy of the number kept here is stale as soon as it moves.
    changes_in_this_process = 0

    class Meta:
        # Reviewers hold this permission: it lets them publish and unpublish any content.
        permissions = [("publish_content", "Can publish and unpublish curated content")]
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="content_version_single_row")
        ]

    def __str__(self):
        return f"Content changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def bump(cls):
        cls.changes_in_this_process += 1
        updated = cls.objects.filter(pk=1).update(
            changed_at=timezone.now(), number=models.F("number") + 1
        )
        if not updated:
            cls.objects.get_or_create(pk=1)

    @classmethod
    def number_now(cls):
        """The version number, which several changes within one second still tell apart."""
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def current(cls):
        """The time of the last change, to the second (as HTTP dates are), or None."""
        changed_at = cls.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        return changed_at.replace(microsecond=0) if changed_at else None
