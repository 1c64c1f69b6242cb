"""Changes to curated content that follow the review workflow, atomic and recorded.

Every status change records who made it and when (on the row and in its history). The rules:
anyone who may change content moves a row between draft and in review; only a reviewer
publishes or unpublishes; an editor's change to a published row takes it off the public site
until a reviewer publishes it again, so unreviewed text is never public.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Status
from .roles import can_publish


class WorkflowError(Exception):
    """A status change the rules do not allow; the message says why."""


def allowed_statuses(user, current):
    """The statuses `user` may give a row that is now `current`."""
    if can_publish(user):
        return list(Status.values)
    if current == Status.PUBLISHED:
        return [Status.IN_REVIEW]  # an editor's change goes back to review
    return [Status.DRAFT, Status.IN_REVIEW]


def stamp_status(obj, status, user):
    """Set the status with who and when, without saving."""
    if obj.status != status or obj.status_changed_at is None:
        obj.status_changed_at = timezone.now()
        obj.status_changed_by = user if getattr(user, "is_authenticated", False) else None
    obj.status = status


def check_transition(user, old, new):
    if new == old:
        return
    if new not in allowed_statuses(user, old):
        if Status.PUBLISHED in (old, new):
            raise PermissionDenied("Only a reviewer can publish or unpublish.")
        raise WorkflowError(f"A row cannot go from {old} to {new}.")


@transaction.atomic
def change_status(queryset, status, user):
    """Give every row of `queryset` the status, if the user may; all or none. Returns the count."""
    rows = list(queryset.select_for_update())
    for obj in rows:
        check_transition(user, obj.status, status)
    for obj in rows:
        if obj.status != status:
            stamp_status(obj, status, user)
            obj._history_user = user
            obj.save()
    return len(rows)


def submit_for_review(queryset, user):
    return change_status(queryset, Status.IN_REVIEW, user)


def publish(queryset, user):
    return change_status(queryset, Status.PUBLISHED, user)


def unpublish(queryset, user):
    return change_status(queryset, Status.DRAFT, user)


def can_delete(user, obj):
    """Editors may delete drafts and rows in review; deleting a published row takes a reviewer."""
    return obj is None or obj.status != Status.PUBLISHED or can_publish(user)
