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

from . import anchoring
from . import content as contents
from .events import announce_review
from .models import ChangeSetItem, ChangeState, PendingChange, Status
from .provenance import dependent_problems
from .roles import can_publish
from .savepoints import rolled_back
from .workflow import (
    PublicationRefused,
    WorkflowError,
    check_transition,
    missing_rows,
    needs_problems,
    publish,
    stamp_status,
)


class Conflict(Exception):
    """Someone saved the same fields since the editor opened the row; nothing was saved.

    Carries what is current (`current_version`, `current`, `status`), so that a form can let
    its user, having seen the conflict, save again and overwrite knowingly.
    """

    def __init__(self, model, keys, who, when, current_version, current, status, message=None):
        self.fields = contents.field_labels(model, keys)
        self.current_version, self.current, self.status = current_version, current, status
        super().__init__(
            message
            or f"{who} saved this {model._meta.verbose_name} at {when}, after you opened it, "
            f"and changed what you changed: {', '.join(self.fields)}. Nothing was saved; your "
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


def last_saved_by(obj, change):
    if change is not None:
        return change.updated_by, change.updated_at
    record = obj.revisions.order_by("-history_date").first()
    if record is None:
        return None, None
    return record.history_user, record.history_date


def describe_when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "a moment ago"


@dataclass
class Current:
    """What a change is made against: the waiting change if there is one, else the stored row."""

    live: object
    change: PendingChange | None
    content: dict
    version: int

    def conflict(self, keys, message=None):
        who, when = last_saved_by(self.live, self.change)
        return Conflict(
            type(self.live),
            keys,
            who or "Someone",
            describe_when(when),
            self.version,
            self.content,
            self.live.status,
            message,
        )


def merge_with_current(current, mine, seen_version, seen):
    """`mine`, made to what the form showed (`seen`: its content and status), merged with what
    was saved since. Raises Conflict where both changed the same thing."""
    if seen_version is None or seen_version == current.version:
        return mine, []
    if seen is None:  # what the form showed is unknown: anything changed differently conflicts
        keys = contents.changed_keys(current.content, mine)
        if keys:
            raise current.conflict(keys)
        return mine, []
    base = seen["content"]
    merged, conflicts = contents.merge(base, mine, current.content)
    if conflicts:
        raise current.conflict(conflicts)
    theirs = contents.changed_keys(base, current.content)
    ours = contents.changed_keys(base, mine)
    notes = []
    if theirs and ours:
        model = type(current.live)
        who, when = last_saved_by(current.live, current.change)
        notes.append(
            f"{who or 'Someone'} saved this {model._meta.verbose_name} at {describe_when(when)}, "
            f"after you opened it, changing {', '.join(contents.field_labels(model, theirs))}; "
            f"you changed {', '.join(contents.field_labels(model, ours))}. Both are kept."
        )
    return merged, notes


def merge_status(current, status, seen):
    """The status to give: the form's if its user changed it, otherwise the row's as it is now
    (someone may have published or unpublished it since the form was opened)."""
    now = current.live.status
    if status is None:
        return now
    if seen is None:
        return status
    if status == seen["status"]:
        return now
    if now not in (seen["status"], status):
        raise current.conflict([("fields", "status")])
    return status


def refuse(error):
    """A workflow refusal as a ValidationError on the status field, for forms to show."""
    problems = getattr(error, "problems", None) or [str(error)]
    return ValidationError({"status": problems})


def check_publishable(obj, content, status):
    """Refuse to leave `obj` published (or publish it) with `content` that points at rows the
    public cannot see."""
    if status != Status.PUBLISHED:
        return
    parts = contents.build_parts(obj, content)
    problems = needs_problems(obj, parts=parts, relations=content["relations"])
    if problems:
        raise refuse(PublicationRefused(problems))


def check_dependents(obj):
    """Refuse a change that would leave other rows' quotes not verbatim (a source's text)."""
    problems = dependent_problems(obj)
    if problems:
        raise ValidationError(
            {"__all__": ["Other rows quote this one and would no longer be verbatim:", *problems]}
        )


def check_not_held(live, user):
    """Refuse a change to a row in another editor's undecided change set: what a reviewer
    accepts is what its editor submitted (curation/changesets.py)."""
    change_set = ChangeSetItem.objects.set_of_another_editor(live, user)
    if change_set is not None:
        raise ValidationError({"__all__": [change_set.holds(live)]})


@transaction.atomic
def save_change(obj, mine, user, seen_version=None, status=None, seen=None, positions=None):
    """Save `mine` (content) as `user`'s change to the stored row `obj`; `status` if given.

    `seen_version` and `seen` (content and status, see content.seen_token) are what the user's
    form showed; an edit of an older version is merged with what was saved since (Conflict
    where both changed the same thing). Returns an Outcome.
    """
    model = type(obj)
    live = model._default_manager.select_for_update().get(pk=obj.pk)
    check_not_held(live, user)
    change = open_change(live, lock=True)
    current = Current(
        live,
        change,
        change.content if change else contents.content_of(live),
        change.version if change else live.version,
    )
    may_publish = can_publish(user)
    if may_publish and change and seen_version is not None and seen_version != change.version:
        # Saving would publish an editor's change this reviewer has not seen.
        raise current.conflict(
            [],
            f"{change.updated_by} changed this {model._meta.verbose_name} at "
            f"{describe_when(change.updated_at)}, after you opened it, and the change waits for "
            "review. Nothing was saved: saving now would publish a change you have not seen. "
            "Open the row again to see it, or save again to replace it with yours.",
        )
    mine, notes = merge_with_current(current, mine, seen_version, seen)
    new_status = merge_status(current, status, seen)
    try:
        check_transition(user, live.status, new_status)
    except (PermissionDenied, WorkflowError) as error:
        raise refuse(error) from error
    stored = contents.content_of(live)

    if live.status == Status.PUBLISHED and not may_publish:
        if not contents.changed_keys(current.content, mine):
            return Outcome("unchanged", live, notes, change)
        contents.validate(model._default_manager.get(pk=live.pk), mine)
        return propose(live, mine, stored, user, change, notes, positions)

    if not contents.changed_keys(stored, mine) and new_status == live.status and not change:
        if positions and (may_publish or live.status != Status.PUBLISHED):
            # Passages selected again. Where a published quote stands is public too
            # (highlights, annotations): an editor's selection waits for a reviewed change.
            anchoring.keep(live, positions)
        return Outcome("unchanged", live, notes)
    contents.validate(live, mine)
    check_publishable(live, mine, new_status)
    if change is not None:
        live.version = max(live.version, change.version)
    stamp_status(live, new_status, user)
    hints = change.positions if change is not None else None  # the waiting change's selections
    contents.write(live, mine, user, positions=positions, hints=hints)
    check_dependents(live)
    notes += anchoring.lost_notes(live)
    if may_publish and new_status == Status.PUBLISHED:
        announce_review([live], user)
    if change is not None:
        # A reviewer's save approves the waiting change; anyone's save of a row that has been
        # unpublished since simply applies it.
        close(change, ChangeState.APPROVED if may_publish else ChangeState.APPLIED, user)
    return Outcome("saved", live, notes)


def add_part(parent, part_model, values, user, positions=None):
    """Add a part ({field: value}, as content holds it) to the curated row `parent`, numbered
    after its siblings: a change to the row like any other (waiting for review where the row
    is published and the user may not publish)."""
    parent = type(parent)._default_manager.get(pk=parent.pk)  # as stored now
    content, version, _ = working_copy(parent)
    rows = content["parts"].setdefault(part_model._meta.label_lower, {})
    names = {f.name for f in contents.content_fields(part_model)}
    if "position" in names and values.get("position") is None:
        values = {
            **values,
            "position": max((v.get("position") or 0 for v in rows.values()), default=0) + 1,
        }
    rows[contents.new_part_id()] = values
    return save_change(parent, content, user, seen_version=version, positions=positions)


def propose(live, mine, stored, user, change, notes, positions=None):
    """Keep `mine` as a change waiting for review; the published rows stay as they are."""
    now = timezone.now()
    if not contents.changed_keys(stored, mine):  # edited back to what is published
        close(change, ChangeState.WITHDRAWN, user)
        return Outcome("unchanged", live, notes)
    # Tried on the stored rows, for what it would do to other rows' quotes, then rolled back.
    with rolled_back():  # the selections are checked too: a wrong one is refused now
        contents.write(type(live)._default_manager.get(pk=live.pk), mine, user, positions=positions)
        check_dependents(live)
    version = max(live.version, change.version if change else 0) + 1
    saved = {"version": version, "by": user.get_username(), "at": now.isoformat()}
    if change is None:
        change = PendingChange(
            content_type=ContentType.objects.get_for_model(live, for_concrete_model=False),
            object_id=live.pk,
            base=stored,
            proposed_by=user,
            created_at=now,
        )
    change.content = mine
    change.positions = {**change.positions, **(positions or {})}
    change.version = version
    change.proposals = [*change.proposals, saved]
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
def create(obj, content, user, status=Status.DRAFT, positions=None):
    """Store a new row (`obj`, unsaved) with `content` and its parts, as `user`."""
    try:
        check_transition(user, Status.DRAFT, status)
    except (PermissionDenied, WorkflowError) as error:
        raise refuse(error) from error
    contents.validate(obj, content)
    check_publishable(obj, content, status)
    stamp_status(obj, status, user)
    written = contents.write(obj, content, user, positions=positions)
    if status == Status.PUBLISHED:
        announce_review([written], user)
    return written


@transaction.atomic
def approve(change, reviewer, with_needs=False, seen_version=None, with_its_change_set=False):
    """Publish a waiting change: its content replaces the published content of its row.

    Refused if the change was edited after the reviewer looked at it (`seen_version`), and
    while it points at unpublished rows, unless `with_needs` publishes them in the same
    transaction. Re-validated in full, and merged with any change saved to the row since.
    A change in another editor's undecided change set is decided with its set
    (`with_its_change_set`, from changesets.accept), not on its own.
    """
    if not can_publish(reviewer):
        raise PermissionDenied("Only a reviewer can approve a change.")
    model = change.content_type.model_class()
    # The row first, then its change: the order save_change takes them in.
    live = model._default_manager.select_for_update().get(pk=change.object_id)
    if not with_its_change_set:  # a change in an editor's change set is decided with it
        check_not_held(live, reviewer)
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_open:
        raise WorkflowError(f"This change is already {change.get_state_display().lower()}.")
    if seen_version is not None and int(seen_version) != change.version:
        raise WorkflowError(
            f"{change.updated_by} changed it again after you opened this page: look at it again."
        )
    stored = contents.content_of(live)
    content, conflicts = contents.merge(change.base, change.content, stored)
    if conflicts:
        labels = contents.field_labels(model, conflicts)
        raise WorkflowError(
            "The published version has changed in the same fields since this change was made: "
            f"{', '.join(labels)}. Reject it, or edit the row to combine them."
        )
    contents.validate(live, content)
    if with_needs and live.status == Status.PUBLISHED:
        parts = contents.build_parts(live, content)
        for row in missing_rows(live, parts=parts, relations=content["relations"]):
            publish(type(row)._default_manager.filter(pk=row.pk), reviewer, with_needs=True)
    check_publishable(live, content, live.status)
    live.version = max(live.version, change.version)
    contents.write(
        live,
        content,
        change.updated_by,
        reason=f"Approved by {reviewer}",
        hints=change.positions,  # a selection the text no longer holds falls back, not fails
    )
    check_dependents(live)
    close(change, ChangeState.APPROVED, reviewer)
    if live.status == Status.PUBLISHED:
        announce_review([live], reviewer)
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
