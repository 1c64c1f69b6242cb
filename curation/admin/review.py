"""The reviewers' queue: changes to published content that wait for a decision.

Each change shows what it would change, field by field and part by part, against what is
published now. A reviewer approves it (it is validated again and replaces the published
version), approves it with the unpublished rows it needs, or rejects it with a reason the
editor sees. Editors see the queue and the decisions, and decide nothing.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import anchoring, changes
from .. import content as contents
from ..models import PendingChange
from ..registry import parts_of
from ..roles import can_publish
from ..workflow import WorkflowError


def shown(field, value):
    """A stored value as a reviewer reads it: a related row by its name, empty as a dash."""
    if value in (None, "", []):
        return "—"
    if field is not None and field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (deleted)"
    return str(value)


def differences(model, old, new):
    """[(what, before, after)] for every field and part that differs, in a stable order."""
    rows = []
    for name in sorted(set(old["fields"]) | set(new["fields"])):
        before, after = old["fields"].get(name), new["fields"].get(name)
        if before != after:
            field = model._meta.get_field(name)
            rows.append((str(field.verbose_name), shown(field, before), shown(field, after)))
    for name in sorted(set(old["relations"]) | set(new["relations"])):
        before, after = old["relations"].get(name, []), new["relations"].get(name, [])
        if sorted(before) != sorted(after):
            field = model._meta.get_field(name)
            before_names = ", ".join(shown(field, pk) for pk in before) or "—"
            after_names = ", ".join(shown(field, pk) for pk in after) or "—"
            rows.append((str(field.verbose_name), before_names, after_names))
    for part_model in parts_of(model):
        label = part_model._meta.label_lower
        before, after = old["parts"].get(label, {}), new["parts"].get(label, {})
        for pk in sorted(set(before) | set(after), key=lambda k: (int(k) < 0, abs(int(k)))):
            was, now = before.get(pk), after.get(pk)
            if was == now:
                continue
            position = (now or was).get("position")
            name = (
                f"{part_model._meta.verbose_name} {position}"
                if position
                else str(part_model._meta.verbose_name)
            )
            if was is None:
                rows.append((f"{name} (added)", "—", describe_part(part_model, now)))
            elif now is None:
                rows.append((f"{name} (removed)", describe_part(part_model, was), "—"))
            else:
                for field_name in sorted(set(was) | set(now)):
                    if was.get(field_name) != now.get(field_name):
                        field = part_model._meta.get_field(field_name)
                        rows.append(
                            (
                                f"{name}: {field.verbose_name}",
                                shown(field, was.get(field_name)),
                                shown(field, now.get(field_name)),
                            )
                        )
    return rows


def describe_part(part_model, values):
    return "; ".join(
        f"{part_model._meta.get_field(name).verbose_name}: "
        f"{shown(part_model._meta.get_field(name), value)}"
        for name, value in values.items()
        if value not in (None, "")
    )


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["change", "kind", "state", "proposed_by", "updated_by", "updated_at"]
    list_filter = ["state", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "proposed_by", "updated_by"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("row")

    @admin.display(description="Change to")
    def change(self, obj):
        return str(obj.row) if obj.row is not None else f"(deleted row {obj.object_id})"

    @admin.display(description="Kind of row")
    def kind(self, obj):
        return obj.content_type.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = get_object_or_404(PendingChange.objects.with_rows(), pk=object_id)
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        if request.method == "POST":
            return self.decide(request, change)
        model = change.content_type.model_class()
        row = change.row
        published = contents.content_of(row) if row is not None else change.base
        proposed = contents.merge(change.base, change.content, published)[0]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change to {model._meta.verbose_name} “{row}”",
            "opts": self.model._meta,
            "change": change,
            "row": row,
            "row_url": self.row_url(change),
            "differences": differences(model, published, proposed),
            "can_decide": change.is_open and can_publish(request.user),
        }
        return TemplateResponse(request, "admin/curation/pendingchange/review.html", context)

    def row_url(self, change):
        opts = change.content_type.model_class()._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id])

    def decide(self, request, change):
        decision = request.POST.get("decision")
        try:
            if decision in ("approve", "approve_with_needs"):
                live = changes.approve(
                    change,
                    request.user,
                    with_needs=decision == "approve_with_needs",
                    seen_version=request.POST.get("version") or None,
                )
                self.message_user(request, "Approved: the change is published.", messages.SUCCESS)
                for note in anchoring.lost_notes(live):
                    self.message_user(request, note, messages.WARNING)
            elif decision == "reject":
                changes.reject(change, request.user, request.POST.get("reason", ""))
                self.message_user(request, "Rejected; the editor sees your reason.")
            else:
                self.message_user(request, "Choose approve or reject.", messages.ERROR)
                return redirect(request.get_full_path())
        except (PermissionDenied, WorkflowError, ValidationError) as error:
            problems = getattr(error, "problems", None) or getattr(error, "messages", None)
            self.message_user(request, "Nothing was decided:", messages.ERROR)
            for problem in problems or [str(error)]:
                self.message_user(request, problem, messages.ERROR)
            return redirect(request.get_full_path())
        return redirect(reverse("admin:curation_pendingchange_changelist") + "?state__exact=open")
