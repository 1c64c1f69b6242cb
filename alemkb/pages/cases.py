"""Pages over the reported patients and the reports they come from."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cases.filters import PATIENT_ORDERING, PatientFilter
from cases.models import Patient, Report
from complications.models.base import ordering_terms

from .bibliography import formatted

PAGE_SIZE = 25
MAX_PAGES = 200  # deeper pages cost a scan of every row before them; filters or CSV go further
SORT_CHOICES = [
    ("", "Deaths first"),
    ("age", "Age, youngest first"),
    ("-age", "Age, oldest first"),
    ("-year", "Newest report first"),
    ("year", "Oldest report first"),
    ("onset", "Earliest onset first"),
    ("-onset", "Latest onset first"),
]


def case_list(request):
    patients = Patient.objects.public().with_details().with_earliest_onset()
    filterset = PatientFilter(request.GET, queryset=patients)
    sort = request.GET.get("ordering", "")
    errors = []
    try:
        ordering = ordering_terms(sort, PATIENT_ORDERING)
    except ValueError as error:
        errors.append(str(error))
        ordering = []
    if filterset.is_valid() and not errors:
        rows = filterset.qs
        rows = rows.order_by(*ordering, "pk") if ordering else rows.fatal_first()
    else:
        rows = Patient.objects.none()
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(min(int_or_1(request.GET.get("page")), MAX_PAGES))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "sort": sort,
        "sort_choices": SORT_CHOICES,
        "errors": errors,
        "query_without_page": query.urlencode(),
        "max_pages": MAX_PAGES,
    }
    status = 400 if errors or not filterset.is_valid() else 200
    return render(request, "cases/case_list.html", context, status=status)


def int_or_1(value):
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def case_detail(request, pk):
    patients = Patient.objects.visible_to(request.user).with_details(request.user)
    patient = get_object_or_404(patients, pk=pk)
    citation = patient.report.citation
    context = {"patient": patient, "reference": formatted([citation])[citation.pk]}
    return render(request, "cases/case_detail.html", context)


def report_detail(request, slug):
    reports = Report.objects.visible_to(request.user).with_details(request.user)
    report = get_object_or_404(reports, slug=slug)
    return render(request, "cases/report_detail.html", {"report": report})
