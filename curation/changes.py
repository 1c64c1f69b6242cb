"""Every change to the content of a curated row goes through here, whatever path it takes.

The admin's change and add forms (with their inlines), history reverts, the approval of a
pending change and imports all call these functions, which:

- validate the row and its parts in full, quotes included, before anything is written;
- keep published content reviewed: a change by someone who may not publish, to a row that is
  published, is kept as a pending change (models/pending.py) and the public keeps seeing the
  reviewed version until a reviewer approves it;
- publish only what is valid and has everything it needs public (workflow.py);
- merge an edit made to an older version with the changes saved since, field by field, and
  refuse it only where both changed the same field;
- number versions upwards only.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from . import content as contents
from .models import ChangeState, PendingChange, Status
from .roles import can_publish
from .workflow import (
    PublicationRefused,
    WorkflowError,
    check_transition,
    describe,
    missing_rows,
    publish,
    stamp_status,
)


class Conflict(Exception):
    """Someone saved the same fields since the editor opened the row; nothing was saved."""

    def __init__(self, model, keys, who, when, current_version):
        self.fields = contents.field_labels(model, keys)
        self.current_version = current_version
        super().__init__(
            f"{who} saved this {model._meta.verbose_name} at {when}, after you opened it, and "
            f"changed what you changed: {', '.join(self.fields)}. Nothing was saved; your "
            "changes are still in the form below. Compare them with the current version "
            "(History, top right), then save again to keep yours."
        )


@dataclass
class Outcome:
    """What became of a change: saved (live), proposed (waits for review), or unchanged."""

    kind: str
    obj: object
    merged: list = field(default_factory=list)  # messages about changes kept from others
    change: PendingChange | None = None

    @property
    def saved(self):
        return self.kind == "saved"

    @property
    def proposed(self):
        return self.kind == "proposed"


def open_change(obj, lock=False):
    changes = PendingChange.objects.of(obj).open()
    if lock:
        changes = changes.select_for_update()
    return changes.first()


def working_copy(obj):
    """(content, version, pending change) of what an editor edits now: a waiting change if there
    is one, otherwise the stored row."""
    change = open_change(obj)
    if change is not None:
        return change.content, change.version, change
    return contents.content_of(obj), obj.version, None


def content_at_version(obj, version, change=None):
    """The content `obj` had (or a waiting proposal had) as `version`; None if unknown."""
    changes = PendingChange.objects.of(obj).order_by("-pk")
    for candidate in ([change] if change else []) + list(changes):
        proposal = candidate.proposal(version)
        if proposal is not None:
            return proposal
    return contents.content_at(obj, version)


def last_saved_by(obj, change):
    if change is not None:
        return change.updated_by, change.updated_at
    record = obj.revisions.order_by("-history_date").first()
    if record is None:
        return None, None
    return record.history_user, record.history_date


def describe_when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "a moment ago"


def merge_with_current(obj, mine, seen_version, current, current_version, change):
    """`mine`, made to `seen_version`, merged with what was saved since. Raises Conflict."""
    if seen_version is None or seen_version == current_version:
        return mine, []
    who, when = last_saved_by(obj, change)
    who = who or "Someone"
    base = content_at_version(obj, seen_version, change)
    if base is None:  # the version opened is unknown: anything changed differently conflicts
        keys = contents.changed_keys(current, mine)
        if keys:
            raise Conflict(type(obj), keys, who, describe_when(when), current_version)
        return mine, []
    merged, conflicts = contents.merge(base, mine, current)
    if conflicts:
        raise Conflict(type(obj), conflicts, who, describe_when(when), current_version)
    theirs = contents.changed_keys(base, current)
    ours = contents.changed_keys(base, mine)
    notes = []
    if theirs and ours:
        notes.append(
            f"{who} saved this {obj._meta.verbose_name} at {describe_when(when)}, after you "
            f"opened it, changing {', '.join(contents.field_labels(type(obj), theirs))}; you "
            f"changed {', '.join(contents.field_labels(type(obj), ours))}. Both are kept."
        )
    return merged, notes


def refuse(error):
    """A workflow refusal as a ValidationError on the status field, for forms to show."""
    problems = getattr(error, "problems", None) or [str(error)]
    return ValidationError({"status": problems})


def check_publishable(obj, content, user, status):
    """Refuse to leave `obj` published (or publish it) with `content` that points at rows the
    public cannot see."""
    if status != Status.PUBLISHED:
        return
    parts = contents.build_parts(obj, content)
    missing = missing_rows(obj, parts=parts)
    if missing:
        raise PublicationRefused(
            [
                f"{describe(obj)} needs {describe(row)}, which is "
                f"{row.get_status_display().lower()}: publish it first."
                for row in missing
            ]
        )


@transaction.atomic
def save_change(obj, mine, user, seen_version=None, status=None):
    """Save `mine` (content) as `user`'s change to the stored row `obj`; `status` if given.

    `seen_version` is the version the user's form showed; an older one is merged with what
    was saved since (Conflict where both changed the same field). Returns an Outcome.
    """
    model = type(obj)
    live = model._default_manager.select_for_update().get(pk=obj.pk)
    change = open_change(live, lock=True)
    current = change.content if change else contents.content_of(live)
    current_version = change.version if change else live.version
    mine, notes = merge_with_current(live, mine, seen_version, current, current_version, change)
    new_status = live.status if status is None else status
    try:
        check_transition(user, live.status, new_status)
    except (PermissionDenied, WorkflowError) as error:
        raise refuse(error) from error
    stored = contents.content_of(live)

    if live.status == Status.PUBLISHED and not can_publish(user):
        if contents.changed_keys(current, mine) == set():
            return Outcome("unchanged", live, notes, change)
        contents.validate(model._default_manager.get(pk=live.pk), mine)
        return propose(live, mine, stored, user, change, notes)

    if not contents.changed_keys(stored, mine) and new_status == live.status and not change:
        return Outcome("unchanged", live, notes)
    contents.validate(live, mine)
    try:
        check_publishable(live, mine, user, new_status)
    except PublicationRefused as error:
        raise refuse(error) from error
    if change is not None:
        live.version = max(live.version, change.version)
    stamp_status(live, new_status, user)
    contents.write(live, mine, user)
    if change is not None:
        # A reviewer's save approves the waiting change; anyone's save of a row that has been
        # unpublished since simply applies it.
        close(change, ChangeState.APPROVED if can_publish(user) else ChangeState.APPLIED, user)
    return Outcome("saved", live, notes)


def propose(live, mine, stored, user, change, notes):
    """Keep `mine` as a change waiting for review; the published rows stay as they are."""
    now = timezone.now()
    if not contents.changed_keys(stored, mine):  # edited back to what is published
        close(change, ChangeState.WITHDRAWN, user)
        return Outcome("unchanged", live, notes)
    version = max(live.version, change.version if change else 0) + 1
    proposal = {"version": version, "content": mine, "by": user.pk, "at": now.isoformat()}
    if change is None:
        change = PendingChange(
            content_type=ContentType.objects.get_for_model(live, for_concrete_model=False),
            object_id=live.pk,
            base=stored,
            proposed_by=user,
            created_at=now,
        )
    change.content = mine
    change.version = version
    change.proposals = [*change.proposals, proposal]
    change.updated_by = user
    change.updated_at = now
    change.save()
    return Outcome("proposed", live, notes, change)


def close(change, state, user, reason=""):
    if change is None:
        return
    change.state = state
    change.decided_by = user
    change.decided_at = timezone.now()
    change.reason = reason
    change.save()


@transaction.atomic
def create(obj, content, user, status=Status.DRAFT):
    """Store a new row (`obj`, unsaved) with `content` and its parts, as `user`."""
    try:
        check_transition(user, Status.DRAFT, status)
    except (PermissionDenied, WorkflowError) as error:
        raise refuse(error) from error
    contents.validate(obj, content)
    try:
        check_publishable(obj, content, user, status)
    except PublicationRefused as error:
        raise refuse(error) from error
    stamp_status(obj, status, user)
    return contents.write(obj, content, user)


@transaction.atomic
def approve(change, reviewer, with_needs=False):
    """Publish a waiting change: its content replaces the published content of its row.

    Re-validated in full; refused while it points at unpublished rows, unless `with_needs`
    publishes them in the same transaction. Merged with any change saved to the row since.
    """
    if not can_publish(reviewer):
        raise PermissionDenied("Only a reviewer can approve a change.")
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_open:
        raise WorkflowError(f"This change is already {change.get_state_display().lower()}.")
    live = (
        change.content_type.model_class()
        ._default_manager.select_for_update()
        .get(pk=change.object_id)
    )
    stored = contents.content_of(live)
    content, conflicts = contents.merge(change.base, change.content, stored)
    if conflicts:
        labels = contents.field_labels(type(live), conflicts)
        raise WorkflowError(
            "The published version has changed in the same fields since this change was made: "
            f"{', '.join(labels)}. Reject it, or edit the row to combine them."
        )
    contents.validate(live, content)
    if with_needs and live.status == Status.PUBLISHED:
        needed = missing_rows(live, parts=contents.build_parts(live, content))
        for row in needed:
            publish(type(row)._default_manager.filter(pk=row.pk), reviewer, with_needs=True)
    check_publishable(live, content, reviewer, live.status)
    live.version = max(live.version, change.version)
    contents.write(live, content, change.updated_by, reason=f"Approved by {reviewer}")
    close(change, ChangeState.APPROVED, reviewer)
    return live


@transaction.atomic
def reject(change, reviewer, reason):
    if not can_publish(reviewer):
        raise PermissionDenied("Only a reviewer can reject a change.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why, for the editor who made the change."})
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_open:
        raise WorkflowError(f"This change is already {change.get_state_display().lower()}.")
    close(change, ChangeState.REJECTED, reviewer, reason.strip())
    return change


def revert(obj, version, user):
    """Make the row's content (and its parts) what it was at `version`: an edit like any other.

    The status stays as it is now; an editor's revert of published content waits for review.
    """
    content = contents.content_at(obj, version)
    if content is None:
        raise WorkflowError(f"Version {version} of this row is not in its history.")
    return save_change(obj, content, user)
