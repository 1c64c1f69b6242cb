"""Change sets: an editor's rows submitted together, and a reviewer's decision on all of them.

The rules, whatever page or command acts: only the set's editor adds to it and submits it;
only a reviewer accepts, asks for changes (saying what) or rejects (saying why). Accepting
publishes every row of the set in one transaction, refused while any row is invalid, needs a
row that is neither public nor in the set, or holds a quote that no longer anchors in its
source. An editor's waiting change to a published row in the set is approved with it.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import changes
from .models import (
    ChangeSet,
    ChangeSetComment,
    ChangeSetItem,
    ChangeSetState,
    CommentKind,
    QuoteAnchor,
    Status,
)
from .registry import parts_of
from .roles import can_publish
from .workflow import PublicationRefused, WorkflowError, change_status_of_rows, describe, lock


def start(user, title):
    return ChangeSet.objects.create(editor=user, title=title)


def holding(row):
    """The change set, not yet decided, that holds `row`; None if none does."""
    item = ChangeSetItem.objects.holding(row).first()
    return item.change_set if item else None


def add(change_set, rows, user):
    """Put `rows` (saved curated rows) in the editor's open change set.

    A row is in one undecided change set at a time: what a reviewer accepts is what its
    editor submitted, not something another editor (or reviewer) changed in it meanwhile.
    """
    change_set = locked(change_set)
    if change_set.editor_id != user.pk:
        raise PermissionDenied("Only its editor adds to a change set.")
    if not change_set.is_open:
        raise WorkflowError(f"This change set is {change_set.get_state_display().lower()}.")
    for row in lock(rows):  # two sets adding the same row: one waits for the other
        other = holding(row)
        if other is not None and other.pk != change_set.pk:
            whose = "your" if other.editor_id == user.pk else f"{other.editor}’s"
            raise WorkflowError(
                f"{describe(row)} is in {whose} change set “{other}” "
                f"({other.get_state_display().lower()}): change it there, once it is decided."
            )
        ChangeSetItem.objects.get_or_create(
            change_set=change_set,
            content_type=ContentType.objects.get_for_model(row),
            object_id=row.pk,
        )


def locked(change_set):
    return ChangeSet.objects.select_for_update().get(pk=change_set.pk)


@transaction.atomic
def submit(change_set, user, comment=""):
    """The editor's rows go to review together."""
    change_set = locked(change_set)
    if change_set.editor_id != user.pk:
        raise PermissionDenied("Only its editor submits a change set.")
    if not change_set.is_open:
        raise WorkflowError(f"This change set is {change_set.get_state_display().lower()}.")
    rows = lock(change_set.rows())
    if not rows:
        raise WorkflowError("This change set holds nothing to review.")
    drafts = [row for row in rows if row.status == Status.DRAFT]
    change_status_of_rows(drafts, Status.IN_REVIEW, user)
    change_set.state = ChangeSetState.SUBMITTED
    change_set.submitted_at = timezone.now()
    change_set.save()
    ChangeSetComment.objects.create(
        change_set=change_set, author=user, kind=CommentKind.SUBMITTED, text=comment.strip()
    )
    return change_set


def decide(change_set, reviewer):
    change_set = locked(change_set)
    if not can_publish(reviewer):
        raise PermissionDenied("Only a reviewer decides on a change set.")
    if change_set.state != ChangeSetState.SUBMITTED:
        raise WorkflowError(
            f"This change set is {change_set.get_state_display().lower()}, not waiting for review."
        )
    return change_set


def close(change_set, state, reviewer, kind, text):
    change_set.state = state
    change_set.decided_by = reviewer
    change_set.decided_at = timezone.now()
    change_set.save()
    ChangeSetComment.objects.create(change_set=change_set, author=reviewer, kind=kind, text=text)
    return change_set


def said_why(text, field):
    if not text.strip():
        raise ValidationError({field: "Say what, for the editor who made the change set."})
    return text.strip()


@transaction.atomic
def request_changes(change_set, reviewer, comment):
    """The set goes back to its editor with the comment; its rows stay unpublished."""
    comment = said_why(comment, "comment")
    change_set = decide(change_set, reviewer)
    return close(
        change_set,
        ChangeSetState.CHANGES_REQUESTED,
        reviewer,
        CommentKind.CHANGES_REQUESTED,
        comment,
    )


@transaction.atomic
def reject(change_set, reviewer, reason):
    """The set is closed; its new rows go back to draft, and waiting changes are rejected."""
    reason = said_why(reason, "comment")
    change_set = decide(change_set, reviewer)
    rows = lock(change_set.rows())
    change_status_of_rows(
        [row for row in rows if row.status == Status.IN_REVIEW], Status.DRAFT, reviewer
    )
    for change in waiting_changes(rows):
        changes.reject(change, reviewer, reason)
    return close(change_set, ChangeSetState.REJECTED, reviewer, CommentKind.REJECTED, reason)


def waiting_changes(rows):
    found = []
    for row in rows:
        change = changes.open_change(row)
        if change is not None:
            found.append(change)
    return found


def quote_problems(rows):
    """A sentence for each quote of `rows` that no longer anchors in its source."""
    problems = []
    for row in rows:
        lost = QuoteAnchor.objects.filter(
            content_type=ContentType.objects.get_for_model(row),
            object_id=row.pk,
            lost_at__isnull=False,
        )
        problems += [
            f"{describe(row)}: its {anchor.field.replace('_', ' ')} no longer anchors in its "
            "source (the text around it changed): select the passage again."
            for anchor in lost
        ]
    return problems


def with_parts(rows):
    every = list(rows)
    for row in rows:
        for part_model in parts_of(type(row)):
            every += list(part_model._default_manager.filter(**{part_model.part_of: row}))
    return every


def fingerprint(change_set):
    """What a reviewer looked at: each row of the set with its version, its waiting change's,
    and where its quotes (and its parts') stand. Accepting checks it is still so."""
    rows = change_set.rows()
    marks = []
    for row in rows:
        change = changes.open_change(row)
        marks.append(
            f"{row._meta.label}:{row.pk}:{row.version}:{change.version if change else '-'}"
        )
    for row in with_parts(rows):
        for kept in row.quote_anchors.all():
            marks.append(f"{row._meta.label}:{row.pk}:{kept.field}:{kept.start}:{kept.lost_at}")
    return hashlib.sha256("|".join(sorted(marks)).encode()).hexdigest()[:16]


@transaction.atomic
def accept(change_set, reviewer, comment, seen):
    """Publish everything in the set, or nothing: every row valid, its quotes verbatim and
    anchored, and everything it needs public or in the set. `seen` (`fingerprint`) is what
    the reviewer looked at: a set changed since, or a decision taken without looking, is
    refused."""
    change_set = decide(change_set, reviewer)
    rows = lock(change_set.rows())
    if seen != fingerprint(change_set):
        raise WorkflowError(
            "Something in this change set changed after you opened it: look at it again."
        )
    unpublished = [row for row in rows if row.status != Status.PUBLISHED]
    change_status_of_rows(
        unpublished,
        Status.PUBLISHED,
        reviewer,
        extra_problems=quote_problems(with_parts(unpublished)),
    )
    waiting = waiting_changes(rows)
    changed = [changes.approve(change, reviewer, with_its_change_set=True) for change in waiting]
    problems = quote_problems(with_parts(changed))
    if problems:  # after the changes were written, with their selections: all rolled back
        raise PublicationRefused(problems)
    return close(
        change_set, ChangeSetState.ACCEPTED, reviewer, CommentKind.ACCEPTED, comment.strip()
    )
