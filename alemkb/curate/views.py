"""The curation workspace at /curate/: staff only.

Sources with their progress; a source's text with its quotes marked; a case report on one
screen beside the text; change sets, and the review queue. Every write goes through the
curation services (curation/changesets.py, cases/curating.py); these views only wire forms
to them.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cases.curating import save_case_report
from cases.models import Patient, Report
from complications.models import SourceDocument
from curation import anchoring, changes, changesets
from curation import content as contents
from curation.anchoring import position_key
from curation.models import ChangeSet, ChangeSetState
from curation.registry import quoted_models
from curation.roles import can_publish
from curation.workflow import WorkflowError

from .forms import CaseReportForm, DecisionForm, ReselectForm, initial_from
from .marking import marked
from .passages import KINDS, form_class
from .progress import progress_of
from .review import review_items


@staff_member_required
def index(request):
    sources = SourceDocument.objects.order_by("title").defer("search_vector")
    progress = progress_of(sources)
    context = {
        "sources": [progress[source.pk] for source in sources],
        "mine": ChangeSet.objects.of_editor(request.user).with_details()[:20],
        "queue": ChangeSet.objects.waiting_for_review().with_details(),
        "reviewer": can_publish(request.user),
    }
    return render(request, "curate/index.html", context)


@staff_member_required
def source(request, slug):
    document = get_object_or_404(SourceDocument, slug=slug)
    progress = progress_of([document])[document.pk]
    reports = Report.objects.filter(source_document=document).prefetch_related("patients")
    context = {
        "kinds": KINDS,
        "source": document,
        "progress": progress,
        "text": marked(document.article_text, progress.quotes),
        "reports": reports.select_related("citation"),
    }
    return render(request, "curate/source.html", context)


def number(value):
    """Whether a query string's value is a plain number ("²" is a digit, but not for int())."""
    return bool(value) and str(value).isascii() and str(value).isdecimal()


def open_change_set_of(request):
    """The change set a screen adds to: `?change_set=` if it is the editor's and still open."""
    pk = request.POST.get("change_set") or request.GET.get("change_set")
    if not number(pk):
        return None
    return ChangeSet.objects.of_editor(request.user).still_open().filter(pk=pk).first()


CASE_REPORT_PERMISSIONS = [
    "cases.add_report",
    "cases.change_report",
    "cases.add_patient",
    "cases.change_patient",
    "complications.add_citation",
]


def require(user, permissions):
    """Staff without the content permissions (no Editors or Reviewers group) only look."""
    if not user.has_perms(permissions):
        raise PermissionDenied("You may look at the workspace, not change content.")


def case_report_screen(request, document, report=None, patient=None):
    """New case report (neither given), a patient added to `report`, or `patient` edited."""
    require(request.user, CASE_REPORT_PERMISSIONS)
    editing = patient is not None
    options = {"source": document, "user": request.user, "editing": report is not None}
    options["with_report"] = report is None or editing
    if request.method == "POST":
        form = CaseReportForm(request.POST, **options)
    else:
        initial = {}
        if editing:
            initial = initial_from(report, patient)
        elif report is not None:
            initial = {"patient_label": f"Patient {report.patients.count() + 1}"}
        form = CaseReportForm(initial=initial, **options)
        quote, start = selected(document, request)
        if report is None and quote:
            form.initial.update({"report_quote": quote, "report_quote_start": start})
    change_set = open_change_set_of(request)
    for row in (patient, report):  # the set that holds what the screen changes, if yours
        held = changesets.holding(row) if change_set is None and row is not None else None
        if held is not None and held.editor_id == request.user.pk and held.is_open:
            change_set = held
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                citation = report.citation if report is not None else form.chosen_citation()
                report, patient, change_set = save_case_report(
                    request.user,
                    form.case_report(citation),
                    change_set=change_set,
                    report=report,
                    patient=patient,
                )
                if "submit" in request.POST:
                    changesets.submit(change_set, request.user)
        except ValidationError as error:
            form.show_errors(error)
        except (WorkflowError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            if "submit" in request.POST:
                messages.success(request, "Saved and submitted for review.")
            else:
                messages.success(request, f"Saved in your change set “{change_set}”.")
            return redirect(change_set)
    context = {
        "source": document,
        "form": form,
        "editing": editing,
        "report": report,
        "patient": patient,
        "change_set": change_set,
        "more_parts": more_parts(patient) if editing else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "curate/case_report.html", context, status=status)


def more_parts(patient):
    """What the screen does not show: a second complication, treatment..., edited in the admin."""
    counts = {
        "complications": patient.complication_links.count(),
        "prior therapies": patient.prior_therapies.count(),
        "treatments": patient.treatments.count(),
        "course events": patient.timeline.count(),
    }
    return [f"{n} {name}" for name, n in counts.items() if n > 1]


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_case_report(request, slug):
    document = get_object_or_404(SourceDocument, slug=slug)
    return case_report_screen(request, document)


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_case_report(request, pk):
    patient = get_object_or_404(Patient.objects.select_related("report__source_document"), pk=pk)
    report = patient.report
    return case_report_screen(request, report.source_document, report=report, patient=patient)


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_patient(request, pk):
    report = get_object_or_404(Report.objects.select_related("source_document"), pk=pk)
    return case_report_screen(request, report.source_document, report=report)


@staff_member_required
def change_set_list(request):
    context = {
        "mine": ChangeSet.objects.of_editor(request.user).with_details(),
        "queue": ChangeSet.objects.waiting_for_review().with_details(),
        "reviewer": can_publish(request.user),
    }
    return render(request, "curate/change_sets.html", context)


ACTIONS = {
    "submit": lambda change_set, user, comment, seen: changesets.submit(change_set, user, comment),
    "accept": changesets.accept,
    "request_changes": lambda change_set, user, comment, seen: changesets.request_changes(
        change_set, user, comment
    ),
    "reject": lambda change_set, user, comment, seen: changesets.reject(change_set, user, comment),
}
DONE = {
    "submit": "Submitted for review.",
    "accept": "Accepted: everything in it is published.",
    "request_changes": "Sent back to its editor with your comment.",
    "reject": "Rejected; its rows stay unpublished.",
}


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_set_detail(request, pk):
    change_set = get_object_or_404(ChangeSet.objects.with_details(), pk=pk)
    if change_set.editor_id != request.user.pk and not can_publish(request.user):
        raise PermissionDenied("Only its editor and reviewers see a change set.")
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            form.add_error(None, "Choose submit, accept, ask for changes or reject.")
        elif form.is_valid():
            try:
                ACTIONS[action](
                    change_set,
                    request.user,
                    form.cleaned_data["comment"],
                    request.POST.get("seen") or None,
                )
            except ValidationError as error:
                form.add_error("comment", error.messages)
            except PermissionDenied as error:
                form.add_error(None, str(error) or "You may not do this.")
            except WorkflowError as error:
                problems = getattr(error, "problems", None) or [str(error)]
                for problem in problems:
                    form.add_error(None, problem)
            else:
                messages.success(request, DONE[action])
                return redirect(change_set)
    context = {
        "change_set": change_set,
        "items": review_items(change_set),
        "form": form,
        "reviewer": can_publish(request.user),
        "is_editor": change_set.editor_id == request.user.pk,
        "seen": changesets.fingerprint(change_set),
        "states": ChangeSetState,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "curate/change_set.html", context, status=status)


def selected(document, request):
    """(quote, start) from `?start=&end=`, if they name a passage of the article."""
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    text = document.article_text
    if number(start) and number(end) and int(start) < int(end) <= len(text):
        return text[int(start) : int(end)], int(start)
    return None, None


def open_set_for(request, title):
    """The editor's change set still being prepared, or a new one."""
    found = open_change_set_of(request)
    if found is None:
        mine = ChangeSet.objects.of_editor(request.user).filter(state=ChangeSetState.OPEN)
        found = mine.filter(title=title).first()
    return found or changesets.start(request.user, title)


def save_passage(request, kind, form, document):
    """Create the row (or add the part to its row) through the services; returns the row the
    change set holds."""
    data = form.cleaned_data
    positions = {position_key(kind.model, "quote", data["quote"]): data["quote_start"]}
    instance = form.save(commit=False)
    instance.quote = data["quote"]
    if kind.part_of is None:
        siblings = kind.model.objects.filter(
            complication=instance.complication, section=instance.section
        )
        instance.position = max(siblings.values_list("position", flat=True), default=0) + 1
        content = contents.content_of(instance)
        for field in contents.relation_fields(kind.model):
            content["relations"][field.name] = sorted(row.pk for row in data.get(field.name, []))
        return changes.create(instance, content, request.user, positions=positions)
    parent = data["parent"]
    values = {k: v for k, v in contents.values_of(instance).items() if k != kind.part_of}
    values.pop("position", None)
    outcome = changes.add_part(parent, kind.model, values, request.user, positions=positions)
    return outcome.obj


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_from_passage(request, slug, kind):
    document = get_object_or_404(SourceDocument, slug=slug)
    if kind not in KINDS:
        raise Http404("No such kind of row.")
    chosen = KINDS[kind]
    model = chosen.model if chosen.part_of is None else chosen.parent_model
    action = "add" if chosen.part_of is None else "change"
    require(request.user, [f"{model._meta.app_label}.{action}_{model._meta.model_name}"])
    Form = form_class(chosen)  # noqa: N806 (a class made for this kind)
    if request.method == "POST":
        form = Form(request.POST, source=document)
    else:
        quote, start = selected(document, request)
        form = Form(source=document, initial={"quote": quote, "quote_start": start})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                row = save_passage(request, chosen, form, document)
                change_set = open_set_for(request, f"Passages from {document.title}")
                changesets.add(change_set, [row], request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages_ in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages_)
            else:
                form.add_error(None, error)
        except (WorkflowError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved in your change set “{change_set}”.")
            return redirect(change_set)
    context = {"source": document, "form": form, "kind": chosen, "kinds": KINDS}
    status = 400 if request.method == "POST" else 200
    return render(request, "curate/passage.html", context, status=status)


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def reselect_quote(request, label, pk, field):
    """Select a quote's passage again: where it stands, not what it says."""
    model = next((m for m in quoted_models() if m._meta.label_lower == label), None)
    if model is None or field not in model.provenance.quote_fields:
        raise Http404("No such quote.")
    row = get_object_or_404(
        model._default_manager.select_related(model.provenance.source_lookup), pk=pk
    )
    if not getattr(row, field):
        raise Http404("This quote is empty.")
    require(request.user, [f"{model._meta.app_label}.change_{model._meta.model_name}"])
    source = model.provenance.source_of(row)
    form = ReselectForm(request.POST or None, initial={"quote": getattr(row, field)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                anchoring.reselect(row, field, data["quote"], data["quote_start"], request.user)
        except ValidationError as error:
            form.add_error("quote", error.messages)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The quote is anchored where you selected it.")
            return redirect("curate:source", slug=source.slug)
    context = {"source": source, "form": form, "row": row, "field": field.replace("_", " ")}
    status = 400 if request.method == "POST" else 200
    return render(request, "curate/reselect.html", context, status=status)
