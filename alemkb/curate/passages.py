"""What an editor can make of a selected passage, besides a case report: one form per kind.

Each kind is a quoted model (its quote filled from the selection) and, for a part, the rows
it may belong to among those this source already backs. The form is the model's own (its
validation, quotes included, runs as in the admin); saving goes through the curation services.
"""

from dataclasses import dataclass

from django import forms

from cases.models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportCount,
    TimelineEvent,
    Treatment,
)
from complications.models import Citation, CitationMention, Statement
from curation import content as contents

from .forms import QuoteField, start_field


@dataclass(frozen=True)
class Kind:
    model: type
    label: str
    parents: object = None  # source -> queryset of the rows a part may belong to

    @property
    def part_of(self):
        return getattr(self.model, "part_of", None)

    @property
    def parent_model(self):
        return self.model._meta.get_field(self.part_of).related_model


def patients_of(source):
    return Patient.objects.filter(report__source_document=source).select_related("report__citation")


KINDS = {
    "statement": Kind(Statement, "Statement on a complication"),
    "patient-complication": Kind(PatientComplication, "Complication of a patient", patients_of),
    "prior-therapy": Kind(PriorTherapy, "Prior therapy of a patient", patients_of),
    "treatment": Kind(Treatment, "Treatment of a patient", patients_of),
    "timeline-event": Kind(TimelineEvent, "Event in a patient's course", patients_of),
    "report-count": Kind(
        ReportCount,
        "Count in a report",
        lambda source: Report.objects.filter(source_document=source).select_related("citation"),
    ),
    "citation-mention": Kind(
        CitationMention, "Mention of a publication", lambda source: Citation.objects.all()
    ),
}
FIXED = {"position", "source_document", "quote"}


def form_class(kind):
    """The model's form, without what the workspace fills in (parent, position, source)."""
    names = [
        field.name
        for field in contents.content_fields(kind.model)
        if field.name not in FIXED and field.name != kind.part_of
    ]
    names += [field.name for field in contents.relation_fields(kind.model)]

    class PassageForm(forms.ModelForm):
        quote = QuoteField(label="Quote", required=True)
        quote_start = start_field()

        class Meta:
            model = kind.model
            fields = ["quote", *names]

        def __init__(self, *args, source, **kwargs):
            kwargs.setdefault("label_suffix", "")
            super().__init__(*args, **kwargs)
            self.source = source
            if kind.parents is not None:
                self.fields["parent"] = forms.ModelChoiceField(
                    kind.parents(source),
                    label=kind.model._meta.get_field(kind.part_of).verbose_name.capitalize(),
                )
                self.order_fields(["parent", "quote"])
            if hasattr(self.instance, "source_document_id"):
                self.instance.source_document = source

        def clean(self):
            data = super().clean()
            if data.get("quote") and data.get("quote_start") is None:
                self.add_error("quote", "Select the passage in the source: quotes are not typed.")
            if kind.part_of and data.get("parent") is not None:
                # Before the model's validation, which checks the quote in the parent's source.
                setattr(self.instance, kind.part_of, data["parent"])
            return data

    return PassageForm
