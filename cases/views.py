"""Read-only pages over the published reports and the patients they describe."""

from django.shortcuts import get_object_or_404, render

from .models import Patient, Report


def case_detail(request, pk):
    patient = get_object_or_404(Patient.objects.published().with_details(), pk=pk)
    return render(request, "cases/case_detail.html", {"patient": patient})


def report_detail(request, slug):
    report = get_object_or_404(Report.objects.published().with_details(), slug=slug)
    return render(request, "cases/report_detail.html", {"report": report})
