"""What an editor submits together for review, and what reviewers said of it.

An editor's new rows (a case report, its patients, a citation) are gathered in one change set
while they are drafts; submitting puts them all in review at once, and a reviewer accepts them
together (everything in it is published, with the dependency and quote checks), asks for
changes with a comment the editor sees, or rejects them with a reason.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class ChangeSetState(models.TextChoices):
    OPEN = "open", "Being prepared"
    SUBMITTED = "submitted", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted and published"
    REJECTED = "rejected", "Rejected"

    @classmethod
    def undecided(cls):
        return [cls.OPEN, cls.SUBMITTED, cls.CHANGES_REQUESTED]


class ChangeSetItemQuerySet(models.QuerySet):
    def holding(self, row):
        """The items of undecided change sets that hold `row`."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(row),
            object_id=row.pk,
            change_set__state__in=ChangeSetState.undecided(),
        ).select_related("change_set__editor")

    def set_of_another_editor(self, row, user):
        """The undecided change set of an editor other than `user` that holds `row`, or None.
        Such a row changes only in its set, and is decided with it."""
        item = self.holding(row).exclude(change_set__editor=user).first()
        return item.change_set if item else None


class ChangeSetQuerySet(models.QuerySet):
    def of_editor(self, user):
        return self.filter(editor=user)

    def waiting_for_review(self):
        return self.filter(state=ChangeSetState.SUBMITTED)

    def still_open(self):
        """Sets an editor may still add to or change."""
        return self.filter(state__in=[ChangeSetState.OPEN, ChangeSetState.CHANGES_REQUESTED])

    def with_details(self):
        return self.select_related("editor", "decided_by").prefetch_related(
            "items__content_type", "items__row", "comments__author"
        )


class ChangeSet(models.Model):
    title = models.CharField(max_length=200, help_text="What the change set adds, in a line.")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="change_sets"
    )
    state = models.CharField(
        max_length=20, choices=ChangeSetState.choices, default=ChangeSetState.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ChangeSetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ChangeSetState.values), name="change_set_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=ChangeSetState.SUBMITTED) | Q(submitted_at__isnull=False),
                name="change_set_submitted_when_waiting",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[ChangeSetState.ACCEPTED, ChangeSetState.REJECTED])
                | Q(decided_at__isnull=False),
                name="change_set_decided_when_closed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("curate:change-set", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.state in (ChangeSetState.OPEN, ChangeSetState.CHANGES_REQUESTED)

    def holds(self, row):
        """Why `row` cannot change outside this set: for every path that refuses it."""
        return (
            f"{row._meta.verbose_name.capitalize()} “{row}” is in {self.editor}’s change set "
            f"“{self}” ({self.get_state_display().lower()}): only its editor changes it, and a "
            "reviewer will decide on it with its change set."
        )

    @property
    def last_comment(self):
        """The latest word on the set (from prefetched comments, when they are)."""
        comments = list(self.comments.all())
        return comments[-1] if comments else None

    def rows(self):
        """The curated rows in the set, in the order they were added (deleted rows left out)."""
        return [item.row for item in self.items.all() if item.row is not None]


class ChangeSetItem(models.Model):
    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    row = GenericForeignKey("content_type", "object_id")

    objects = ChangeSetItemQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_set", "content_type", "object_id"],
                name="change_set_item_once",
            )
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id}"


class CommentKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Asked for changes"
    REJECTED = "rejected", "Rejected"
    ACCEPTED = "accepted", "Accepted"


class ChangeSetComment(models.Model):
    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CommentKind.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommentKind.values), name="change_set_comment_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[CommentKind.CHANGES_REQUESTED, CommentKind.REJECTED])
                | ~Q(text=""),
                name="change_set_comment_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author}"
