"""What every curated model's admin shares: the review workflow, history, and edit conflicts."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from .models import Status
from .roles import can_publish
from .services import WorkflowError, allowed_statuses, change_status, check_transition, stamp_status

CONFLICT = (
    "{who} saved this {what} at {when}, after you opened it. Your changes are still in the form "
    "below and have not been saved. Compare them with the current version (History, top right), "
    "then save again to keep yours."
)


class CuratedForm(forms.ModelForm):
    """Limits the status to what the user may choose, and refuses an edit of a stale version.

    `seen_version` carries the version the editor opened. If someone saved since, the form
    fails with a conflict message and keeps the editor's input; saving again (now against the
    current version) is a deliberate overwrite.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set per request by CuratedAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status if self.instance.pk else Status.DRAFT
        if "status" in self.fields and self.user is not None:
            allowed = {current, *allowed_statuses(self.user, current)}
            self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.user is None:
            return status
        old = self.instance.status if self.instance.pk else Status.DRAFT
        try:
            check_transition(self.user, old, status)
        except (PermissionDenied, WorkflowError) as error:
            raise ValidationError(str(error)) from error
        return status

    def clean(self):
        cleaned = super().clean()
        # The form's initial values are the row as it is now: a stale form that changes
        # nothing of it overwrites nothing, and may save.
        changed = [name for name in self.changed_data if name != "seen_version"]
        if self.instance.pk and changed:
            self.refuse_stale_version(cleaned.get("seen_version"))
        return cleaned

    def refuse_stale_version(self, seen):
        # The admin validates inside its transaction, so the lock holds until the save.
        model = type(self.instance)
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or seen is None or seen == current:
            return
        latest = self.instance.revisions.order_by("-history_date").first()
        who = getattr(latest, "history_user", None) or "Someone"
        when = date_format(latest.history_date, "DATETIME_FORMAT") if latest else "a moment ago"
        data = self.data.copy()
        data[self.add_prefix("seen_version")] = current
        self.data = data
        raise ValidationError(
            CONFLICT.format(who=who, what=model._meta.verbose_name, when=when), code="conflict"
        )


class CuratedInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        user = self.form.user
        for form in self.deleted_forms:
            if (
                form.instance.pk
                and form.instance.status == Status.PUBLISHED
                and not can_publish(user)
            ):
                raise ValidationError("Only a reviewer can delete a published row.")


def bind_user(form_class, user):
    return type(form_class.__name__, (form_class,), {"user": user})


class CuratedInlineMixin:
    form = CuratedForm
    formset = CuratedInlineFormSet
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = bind_user(formset.form, request.user)
        return formset


class CuratedAdmin(SimpleHistoryAdmin):
    form = CuratedForm
    actions = ["submit_for_review", "publish", "unpublish"]
    readonly_fields = [
        "status_changed_at",
        "status_changed_by",
        "version",
        "created_at",
        "updated_at",
    ]
    list_filter = ["status"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_form(self, request, obj=None, **kwargs):
        return bind_user(super().get_form(request, obj, **kwargs), request.user)

    def save_model(self, request, obj, form, change):
        old = form.initial.get("status", Status.DRAFT) if change else Status.DRAFT
        new = form.cleaned_data.get("status", obj.status)
        if (
            change
            and old == Status.PUBLISHED
            and not can_publish(request.user)
            and form.has_changed()
        ):
            new = Status.IN_REVIEW
            messages.warning(
                request,
                "Your change is saved and waits for a reviewer: the row is off the public site "
                "until it is published again.",
            )
        obj.status = old
        stamp_status(obj, new, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if inline_form.has_changed() and hasattr(instance, "status"):
                old = inline_form.initial.get("status", Status.DRAFT)
                instance.status = old
                stamp_status(instance, inline_form.cleaned_data.get("status", old), request.user)
        super().save_formset(request, form, formset, change)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or obj.status != Status.PUBLISHED or can_publish(request.user)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            # Bulk deletion checks no row; editors delete one row at a time, drafts only.
            for name in ("publish", "unpublish", "delete_selected"):
                actions.pop(name, None)
        return actions

    def run_workflow(self, request, queryset, status, verb):
        try:
            count = change_status(queryset, status, request.user)
        except (PermissionDenied, WorkflowError) as error:
            self.message_user(request, f"Nothing was changed: {error}", messages.ERROR)
            return
        self.message_user(request, f"{count} row(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Submit selected for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_workflow(request, queryset, Status.IN_REVIEW, "submitted for review")

    @admin.action(description="Publish selected")
    def publish(self, request, queryset):
        self.run_workflow(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Unpublish selected (back to draft)")
    def unpublish(self, request, queryset):
        self.run_workflow(request, queryset, Status.DRAFT, "unpublished")
