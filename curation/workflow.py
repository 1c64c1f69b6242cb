"""Status changes of curated rows: who may make them, and what publishing requires.

The rules: anyone who may change content moves a row between draft and in review; only a
reviewer publishes or unpublishes. A row is published only when it is valid (its quotes
verbatim, its parts valid) and every curated row it points at is public or is published in
the same action. Every status change records who made it and when, on the row and in its
history. An editor's change to content that is already published is a pending change
(changes.py): it never touches the status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import content as contents
from .events import announce_review
from .models import ChangeSetItem, Status
from .models.base import required_relations
from .registry import parts_of
from .roles import can_publish


class WorkflowError(Exception):
    """A status change the rules do not allow; the message says why."""


class PublicationRefused(WorkflowError):
    """Rows that cannot be published yet, with every reason."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def allowed_statuses(user, current):
    """The statuses `user` may give a row that is now `current`."""
    if can_publish(user):
        return list(Status.values)
    if current == Status.PUBLISHED:
        return [Status.PUBLISHED]  # an editor's change to it waits for review instead
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


def describe(obj):
    return f"{obj._meta.verbose_name} “{obj}”"


def referenced_rows(obj, parts=None, relations=None):
    """The curated rows `obj` points at: by its foreign keys and many-to-many fields, and by
    its parts' foreign keys. `parts` ({part model: [part]}) and `relations` ({many-to-many
    name: [ids]}) replace what is stored."""
    rows = [getattr(obj, f.name) for f in required_relations(type(obj))]
    for field in type(obj)._meta.many_to_many:
        if not hasattr(field.related_model, "status"):
            continue
        if relations is not None:
            ids = relations.get(field.name, [])
            rows.extend(field.related_model._default_manager.filter(pk__in=ids))
        elif obj.pk is not None:
            rows.extend(getattr(obj, field.name).all())
    for part_model in parts_of(type(obj)):
        if parts is not None:
            rows_of_part = parts.get(part_model, [])
        elif obj.pk is not None:
            rows_of_part = part_model._default_manager.filter(**{part_model.part_of: obj})
        else:
            rows_of_part = []
        for part in rows_of_part:
            rows.extend(getattr(part, f.name) for f in required_relations(part_model))
    unique = {}
    for row in rows:
        if row is not None:
            unique.setdefault((type(row), row.pk), row)
    return list(unique.values())


def is_public(obj):
    return type(obj)._default_manager.public().filter(pk=obj.pk).exists()


def missing_rows(obj, publishing=(), parts=None, relations=None):
    """The rows `obj` points at that are neither public nor among `publishing`."""
    keys = {(type(row), row.pk) for row in publishing}
    return [
        row
        for row in referenced_rows(obj, parts, relations)
        if (type(row), row.pk) not in keys and not is_public(row)
    ]


def needs_problems(obj, publishing=(), parts=None, relations=None):
    """A sentence for each row `obj` needs that is neither public nor among `publishing`."""
    return [
        f"{describe(obj)} needs {describe(row)}, which is {row.get_status_display().lower()}: "
        "publish it first, or together with what needs it."
        for row in missing_rows(obj, publishing, parts, relations)
    ]


def validation_problems(obj):
    """Full validation of the stored row and its parts, as the services validate a change."""
    try:
        contents.validate(obj, contents.content_of(obj))
    except ValidationError as error:
        return [f"{describe(obj)}: {message}" for message in error.messages]
    return []


def publication_problems(rows):
    """Why `rows` cannot all be published together: invalid content, or needed rows missing."""
    problems = []
    for obj in rows:
        problems += validation_problems(obj) + needs_problems(obj, publishing=rows)
    return problems


def with_what_they_need(rows):
    """`rows` and, recursively, every unpublished row they need."""
    result = {(type(row), row.pk): row for row in rows}
    queue = list(rows)
    while queue:
        for needed in missing_rows(queue.pop(), publishing=result.values()):
            key = (type(needed), needed.pk)
            if key not in result:
                result[key] = needed
                queue.append(needed)
    return list(result.values())


def lock(rows):
    """The same rows, read again and locked until the end of the transaction."""
    locked = []
    for row in rows:
        locked.append(type(row)._default_manager.select_for_update().get(pk=row.pk))
    return locked


@transaction.atomic
def change_status(queryset, status, user, with_needs=False):
    """Give every row of `queryset` the status, if the user may; all or none. Returns the rows.

    Publishing re-validates every row and refuses while a row needs an unpublished one;
    `with_needs` publishes those too, in the same transaction.
    """
    rows = list(queryset.select_for_update())
    if status == Status.PUBLISHED and with_needs:
        rows = lock(with_what_they_need(rows))
    for obj in rows:
        check_not_held(obj, user)
    return change_status_of_rows(rows, status, user)


def check_not_held(obj, user):
    """Refuse to change the status of a row in another editor's undecided change set: it is
    decided with its set, in the review queue (curation/changesets.py)."""
    change_set = ChangeSetItem.objects.set_of_another_editor(obj, user)
    if change_set is not None:
        raise WorkflowError(change_set.holds(obj))


def change_status_of_rows(rows, status, user, extra_problems=()):
    """`change_status` for rows already locked, of any models; `extra_problems` refuse it too."""
    for obj in rows:
        try:
            check_transition(user, obj.status, status)
        except PermissionDenied as error:
            raise PermissionDenied(f"{describe(obj)}: {error}") from error
    if status == Status.PUBLISHED:
        problems = publication_problems([obj for obj in rows if obj.status != status])
        problems += list(extra_problems)
        if problems:
            raise PublicationRefused(problems)
    changed = [obj for obj in rows if obj.status != status]
    for obj in changed:
        stamp_status(obj, status, user)
        obj._history_user = user
        obj.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    if status == Status.PUBLISHED:
        announce_review(changed, user)
    return rows


def submit_for_review(queryset, user):
    return change_status(queryset, Status.IN_REVIEW, user)


def publish(queryset, user, with_needs=False):
    return change_status(queryset, Status.PUBLISHED, user, with_needs=with_needs)


def unpublish(queryset, user):
    return change_status(queryset, Status.DRAFT, user)


def can_delete(user, obj):
    """Editors may delete drafts and rows in review; deleting a published row takes a reviewer."""
    return obj is None or obj.status != Status.PUBLISHED or can_publish(user)
