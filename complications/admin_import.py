"""The "Import citations" page of the citation admin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .importing import ImportFailed, import_citations
from .models import SourceDocument


class CitationImportForm(forms.Form):
    file = forms.FileField(
        help_text="A RIS (.ris), BibTeX (.bib) or PubMed MEDLINE (.nbib or .txt) file. "
        "New citations are created as drafts; ones already here (same DOI or PMID) are skipped."
    )
    source = forms.ModelChoiceField(
        queryset=SourceDocument.objects.order_by("title"),
        required=False,
        label="Source document",
        help_text="When the file is the reference of a source document's own publication: "
        "the citation then has that document as its full text (one reference number on the "
        "pages). The file must hold that one record.",
    )


class CitationImportMixin:
    change_list_template = "admin/complications/citation/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="complications_citation_import"), *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CitationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_citations(
                    upload.read(), upload.name, request.user, form.cleaned_data["source"]
                )
            except ImportFailed as error:
                form.add_error("file", f"Nothing was imported. {error}")
            else:
                self.report(request, result)
                return redirect(
                    reverse("admin:complications_citation_changelist") + "?status__exact=draft"
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Import citations",
        }
        return TemplateResponse(request, "admin/complications/citation/import.html", context)

    def report(self, request, result):
        messages.success(request, f"{len(result.created)} citation(s) imported as drafts.")
        for record, known in result.existing:
            messages.warning(
                request, f"Already here, not imported again: “{record.title[:80]}” (as “{known}”)."
            )
