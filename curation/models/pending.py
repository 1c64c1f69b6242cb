"""An editor's change to published content, kept apart from it until a reviewer decides.

While a change waits, the published rows stay as they were reviewed: the public site, the API
and every export keep showing them. Editors and reviewers who open the row in the admin edit
the waiting version (its "working copy"). A reviewer approves the change (it then replaces
the published content), or rejects it with a reason.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ChangeState(models.TextChoices):
    OPEN = "open", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn (edited back to the published version)"
    APPLIED = "applied", "Applied to the row after it was unpublished"


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ChangeState.OPEN)

    def of(self, obj):
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=obj.pk)

    def with_rows(self):
        return self.select_related("content_type", "proposed_by", "updated_by").prefetch_related(
            "row"
        )


class PendingChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    row = GenericForeignKey("content_type", "object_id")
    state = models.CharField(
        max_length=10, choices=ChangeState.choices, default=ChangeState.OPEN, db_index=True
    )
    base = models.JSONField(
        help_text="The published content (row and parts) the change was made to."
    )
    content = models.JSONField(help_text="The content the change proposes, row and parts.")
    version = models.PositiveIntegerField(
        help_text="Version number of the proposal; the row's numbers continue from it."
    )
    positions = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where the editor selected quotes in their source ({quote: start}), for "
        "anchoring them there when the change is approved.",
    )
    proposals = models.JSONField(
        default=list,
        help_text="Every save of the change, oldest first: {version, by (username), at}.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why a reviewer rejected it.")

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "pending change"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ChangeState.values), name="pending_change_state_valid"
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state=ChangeState.OPEN),
                name="pending_change_one_open_per_row",
                violation_error_message="This row already has a change waiting for review.",
            ),
            models.CheckConstraint(
                condition=models.Q(state=ChangeState.OPEN) | models.Q(decided_at__isnull=False),
                name="pending_change_decided_when_closed",
            ),
        ]

    def __str__(self):
        return f"Change to {self.content_type.name} {self.object_id} by {self.updated_by}"

    @property
    def is_open(self):
        return self.state == ChangeState.OPEN
