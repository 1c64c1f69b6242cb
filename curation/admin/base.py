"""What every curated model's admin shares: forms that write nothing themselves, the review
workflow, working copies of changes waiting for review, history and revert.

The admin validates a submitted form and its inlines as usual, but never saves them: it turns
them into content (content.py) and hands that to the curation services (changes.py), which
decide whether it is saved, kept for review, merged with a concurrent edit or refused. A
refusal is shown in the form, with the editor's input kept.

While a change waits for review, the admin shows and edits that waiting version: it is written
into the rows inside a transaction savepoint that is always rolled back, so that the forms and
inlines read it as if it were stored, and the public never sees it.
"""

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import changes
from .. import content as contents
from ..forms import TextField
from ..models import PendingChange, Status
from ..registry import parts_of
from ..roles import can_publish
from ..savepoints import rolled_back
from ..workflow import (
    WorkflowError,
    can_delete,
    change_status,
    publication_problems,
    with_what_they_need,
)
from .forms import CuratedForm, bind_request
from .review import differences

TEXT_FIELDS = {models.TextField: {"form_class": TextField}}
WAITING = (
    "Your change is saved and waits for a reviewer. Until a reviewer approves it, the public "
    "site shows the published version."
)


class Submitted(Exception):
    """A valid form and its inlines, turned into content; raised to leave the admin's view
    before it saves anything."""

    def __init__(self, obj, content, status, seen, message, add):
        super().__init__("submitted")
        self.obj, self.content, self.status = obj, content, status
        (self.seen_version, self.seen), self.message, self.add = seen, message, add


def quote_help(model, field_name):
    provenance = getattr(model, "provenance", None)
    if provenance is None or field_name not in provenance.quote_fields:
        return None
    where = provenance.source.replace("_", " ").replace(".", "'s ")
    return (
        f"Verbatim from the {where}: copied character for character (curly quotes, dashes, "
        "line breaks); checked when saved and when published."
    )


class QuoteFieldsMixin:
    """Quote fields, as the model declares them, say what they must hold."""

    formfield_overrides = {**TEXT_FIELDS, models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        help_text = quote_help(db_field.model, db_field.name)
        if formfield is not None and help_text:
            formfield.help_text = help_text
            formfield.widget.attrs["class"] = "vLargeTextField quote"
        return formfield


class PartInline(QuoteFieldsMixin, admin.TabularInline):
    """The parts of a curated row (a citation's authors, a patient's treatments), edited with
    it: a change to them is a change to the row."""

    extra = 0


class PartAdmin(SimpleHistoryAdmin):
    """Parts listed on their own, for their history; they are edited in their row's form."""

    list_select_related = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CuratedAdmin(QuoteFieldsMixin, SimpleHistoryAdmin):
    form = CuratedForm
    change_form_template = "admin/curation/change_form.html"
    actions = ["submit_for_review", "publish", "publish_with_needs", "unpublish"]
    readonly_fields = [
        "status_changed_at",
        "status_changed_by",
        "version",
        "created_at",
        "updated_at",
    ]
    list_filter = ["status"]
    list_per_page = 50

    def get_form(self, request, obj=None, **kwargs):
        return bind_request(super().get_form(request, obj, **kwargs), request)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "waiting_change"]

    def get_queryset(self, request):
        waiting = Prefetch(
            "pending_changes", queryset=PendingChange.objects.open(), to_attr="waiting"
        )
        return super().get_queryset(request).prefetch_related(waiting)

    @admin.display(description="Change waiting for review")
    def waiting_change(self, obj):
        for change in getattr(obj, "waiting", []):
            url = reverse("admin:curation_pendingchange_change", args=[change.pk])
            return format_html('<a href="{}">by {}</a>', url, change.updated_by)
        return ""

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if inline.model not in parts_of(self.model):
                raise ImproperlyConfigured(
                    f"{inline.model.__name__} is not a part of {self.model.__name__}: edit it "
                    "on its own page, where its own review applies."
                )
        return inlines

    # Showing and editing: inside a working copy that is always rolled back ----------------

    @contextmanager
    def working_copy(self, request, object_id):
        """The stored rows, with a change waiting for review written over them, rolled back."""
        with rolled_back():
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            change = changes.open_change(obj) if obj is not None else None
            if change is not None:
                contents.write(obj, change.content, change.updated_by, keep_new_ids=True)
                # The form carries the version of what it shows: the waiting change's.
                type(obj)._default_manager.filter(pk=obj.pk).update(version=change.version)
            request.curation_change = change
            yield

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            try:
                return self.render_form(request, object_id, form_url, extra_context)
            except Submitted as submitted:
                change = submitted
            try:
                outcome = self.submit(request, change)
            except (changes.Conflict, ValidationError) as problem:
                return self.show_problem(request, object_id, form_url, extra_context, problem)
            return self.respond(request, change, outcome)

    def render_form(self, request, object_id, form_url, extra_context):
        with self.working_copy(request, object_id):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    def show_problem(self, request, object_id, form_url, extra_context, problem):
        request.curation_problem = problem
        try:
            return self.render_form(request, object_id, form_url, extra_context)
        except Submitted:  # a form that cannot show it: say it in a message instead
            self.message_user(
                request, "; ".join(getattr(problem, "messages", [str(problem)])), messages.ERROR
            )
            return redirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["pending_change"] = getattr(request, "curation_change", None)
        context["can_publish"] = can_publish(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Nothing is saved here: save_related hands the whole change to the services."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        content = self.content_from(obj, form, formsets)
        message = self.construct_change_message(request, form, formsets, not change)
        status = form.cleaned_data.get("status", obj.status if change else Status.DRAFT)
        seen = (form.cleaned_data.get("seen_version"), form.cleaned_data.get("seen"))
        raise Submitted(obj, content, status, seen, message, add=not change)

    def content_from(self, obj, form, formsets):
        """The content the form and its inlines describe, without saving anything."""
        content = contents.content_of(obj)
        for field in contents.relation_fields(self.model):
            if field.name in form.cleaned_data:
                content["relations"][field.name] = sorted(
                    o.pk for o in form.cleaned_data[field.name]
                )
        for formset in formsets:
            rows = content["parts"][formset.model._meta.label_lower]
            formset.save(commit=False)  # sets new_objects, changed_objects, deleted_objects
            for part in formset.deleted_objects:
                rows.pop(str(part.pk), None)
            for part, _ in formset.changed_objects:
                rows[str(part.pk)] = contents.values_of(part)
            for part in formset.new_objects:
                rows[contents.new_part_id()] = contents.values_of(part)
        return content

    def submit(self, request, submitted):
        if submitted.add:
            obj = changes.create(submitted.obj, submitted.content, request.user, submitted.status)
            return changes.Outcome("saved", obj)
        return changes.save_change(
            submitted.obj,
            submitted.content,
            request.user,
            seen_version=submitted.seen_version,
            status=submitted.status,
            seen=submitted.seen,
        )

    def respond(self, request, submitted, outcome):
        request.curation_outcome = outcome
        for note in outcome.merged:
            self.message_user(request, note, messages.INFO)
        obj = outcome.obj
        if submitted.add:
            self.log_addition(request, obj, submitted.message)
            return self.response_add(request, obj)
        if outcome.kind != "unchanged":
            self.log_change(request, obj, submitted.message)
        return self.response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        outcome = getattr(request, "curation_outcome", None)
        if outcome is not None and level == messages.SUCCESS:
            if outcome.proposed:
                message, level = WAITING, messages.WARNING
            elif outcome.kind == "unchanged":
                message, level = "Nothing was changed.", messages.INFO
        super().message_user(request, message, level, *args, **kwargs)

    # History: a revert is an edit like any other -------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to a version: a page showing what it would change, then the revert."""
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(obj.revisions.all(), history_id=version_id)
        if request.method == "POST":
            return self.revert(request, obj, record)
        current, _, _ = changes.working_copy(obj)
        version = contents.content_at(obj, record.version) or current
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revert {opts.verbose_name} “{obj}” to version {record.version}",
            "opts": opts,
            "original": obj,
            "record": record,
            "differences": differences(self.model, current, version),
            "can_revert": self.has_change_permission(request, obj),
            "waits_for_review": obj.is_published and not can_publish(request.user),
        }
        return TemplateResponse(request, "admin/curation/revert.html", context)

    def revert(self, request, obj, record):
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            outcome = changes.revert(obj, record.version, request.user)
        except (ValidationError, WorkflowError, PermissionDenied) as error:
            reason = "; ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, f"Nothing was reverted: {reason}", messages.ERROR)
            return redirect(request.get_full_path())
        request.curation_outcome = outcome
        if outcome.proposed:
            self.message_user(request, WAITING, messages.WARNING)
        elif outcome.saved:
            self.log_change(request, outcome.obj, f"Reverted to version {record.version}.")
            self.message_user(
                request, f"Reverted to version {record.version}, with its parts.", messages.INFO
            )
        else:
            self.message_user(request, "That version is what this row holds already.")
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    # Deleting and the workflow actions ------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_delete(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            # Bulk deletion checks no row; editors delete one row at a time, drafts only.
            for name in ("publish", "publish_with_needs", "unpublish", "delete_selected"):
                actions.pop(name, None)
        return actions

    def run_workflow(self, request, queryset, status, verb, with_needs=False):
        try:
            rows = change_status(queryset, status, request.user, with_needs=with_needs)
        except (PermissionDenied, WorkflowError) as error:
            problems = getattr(error, "problems", None) or [str(error)]
            self.message_user(request, "Nothing was changed:", messages.ERROR)
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return
        self.message_user(request, f"{len(rows)} row(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Submit selected for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_workflow(request, queryset, Status.IN_REVIEW, "submitted for review")

    @admin.action(description="Publish selected")
    def publish(self, request, queryset):
        self.run_workflow(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Publish selected with what they need")
    def publish_with_needs(self, request, queryset):
        """Lists every unpublished row the selection needs, then publishes all together."""
        if request.POST.get("confirmed"):
            self.run_workflow(request, queryset, Status.PUBLISHED, "published", with_needs=True)
            return None
        rows = with_what_they_need(list(queryset))
        selected = {(type(row), row.pk) for row in queryset}
        needed = [row for row in rows if (type(row), row.pk) not in selected]
        context = {
            **self.admin_site.each_context(request),
            "title": "Publish with what they need",
            "opts": self.model._meta,
            "selected": list(queryset),
            "needed": [(row._meta.verbose_name, row) for row in needed],
            "problems": publication_problems([r for r in rows if r.status != Status.PUBLISHED]),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/curation/publish_with_needs.html", context)

    @admin.action(description="Unpublish selected (back to draft)")
    def unpublish(self, request, queryset):
        self.run_workflow(request, queryset, Status.DRAFT, "unpublished")
