"""The workspace's forms: a case report on one screen, and a reviewer's decision.

Quotes are never typed: each quote field is read-only and filled by selecting its passage in
the source beside the form (static/curate/workspace.js), with where it starts.
"""

from django import forms
from django.core.exceptions import ValidationError

from cases.curating import PART_MODELS, CaseReport
from cases.models import (
    Outcome,
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportKind,
    Sex,
    TimelineEvent,
    Treatment,
    TreatmentRole,
)
from cases.models.patients import Disease
from complications.importing import ImportFailed, import_pasted
from complications.models import Citation, Complication, Intervention, PublicationKind
from complications.models.timing import OnsetAnchor, TimeUnit
from curation.anchoring import anchors_of, position_key
from curation.changes import working_copy
from curation.text import normalise_line_endings

# Every quote field of the screen (each with a hidden `<name>_start`): the model and field
# its quote goes to.
QUOTES = {
    "report_quote": (Report, "quote"),
    "patient_quote": (Patient, "quote"),
    "patient_outcome_quote": (Patient, "outcome_quote"),
    "patient_retreatment_quote": (Patient, "retreatment_quote"),
    "complication_quote": (PatientComplication, "quote"),
    "prior_quote": (PriorTherapy, "quote"),
    "treatment_quote": (Treatment, "quote"),
    "event_quote": (TimelineEvent, "quote"),
}


class QuoteField(forms.CharField):
    """A verbatim quote, filled by selecting its passage: read-only to the keyboard."""

    def __init__(self, *, label, required=False, help_text=""):
        super().__init__(
            label=label,
            required=required,
            strip=False,  # a quote is verbatim, spaces included
            help_text=help_text or "Select the passage in the source, then “Use selection”.",
            widget=forms.Textarea(attrs={"rows": 2, "readonly": True, "class": "quote"}),
        )

    def to_python(self, value):
        # Browsers send a textarea's line breaks as CRLF; the source's are LF.
        return normalise_line_endings(super().to_python(value))


class NotReportedSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "Not reported"), ("true", "Yes"), ("false", "No")]


def start_field():
    return forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


def choices(model_choices, blank="—"):
    return [("", blank), *model_choices]


class CaseReportForm(forms.Form):
    # The publication
    citation = forms.ModelChoiceField(
        Citation.objects.order_by("slug"),
        required=False,
        label="Publication already in AlemKB",
        help_text="Or paste its record, or type it, below.",
    )
    citation_text = forms.CharField(
        required=False,
        label="Paste its record (RIS, BibTeX or PubMed MEDLINE)",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )
    citation_title = forms.CharField(required=False, max_length=500, label="Title")
    citation_journal = forms.CharField(required=False, max_length=200, label="Journal")
    citation_year = forms.IntegerField(required=False, min_value=1800, max_value=2100, label="Year")
    citation_kind = forms.ChoiceField(
        choices=PublicationKind.choices, initial=PublicationKind.CASE_REPORT, label="Kind"
    )
    citation_authors = forms.CharField(
        required=False,
        label="Authors, one per line (“Family, Given”)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The report
    report_kind = forms.ChoiceField(
        choices=ReportKind.choices, initial=ReportKind.SINGLE_CASE, label="Kind of report"
    )
    report_patient_count = forms.IntegerField(
        min_value=1, initial=1, label="Patients it reports", help_text="As the publication states."
    )
    report_summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 3}), help_text="In a few sentences."
    )
    report_quote = QuoteField(label="Quote: what and how many", required=True)
    report_quote_start = start_field()
    # The patient
    patient_label = forms.CharField(
        max_length=60, initial="Patient 1", label="How the publication names the patient"
    )
    patient_age = forms.IntegerField(
        required=False, min_value=0, max_value=120, label="Age", help_text="Empty if not reported."
    )
    patient_sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.NOT_REPORTED, label="Sex")
    patient_disease = forms.ChoiceField(
        choices=Disease.choices, initial=Disease.NOT_REPORTED, label="Disease"
    )
    patient_quote = QuoteField(label="Quote: the passage describing the patient", required=True)
    patient_quote_start = start_field()
    patient_presentation = forms.CharField(
        required=False, label="Presentation", widget=forms.Textarea(attrs={"rows": 2})
    )
    # The complication
    complication_complication = forms.ModelChoiceField(
        Complication.objects.order_by("name"), label="Complication"
    )
    complication_course_number = forms.IntegerField(
        required=False, min_value=1, label="With course", help_text="1 for the first course."
    )
    complication_onset_latency = forms.DecimalField(
        required=False, min_value=0, max_digits=7, decimal_places=2, label="Onset after"
    )
    complication_onset_unit = forms.ChoiceField(
        choices=choices(TimeUnit.choices), required=False, label="Unit"
    )
    complication_onset_anchor = forms.ChoiceField(
        choices=choices(OnsetAnchor.choices), required=False, label="Counted from"
    )
    complication_quote = QuoteField(label="Quote: the complication and its onset", required=True)
    complication_quote_start = start_field()
    # Before alemtuzumab, treatment, course
    prior_intervention = forms.ModelChoiceField(
        Intervention.objects.order_by("name"), required=False, label="Prior therapy"
    )
    prior_quote = QuoteField(label="Quote: the prior therapy")
    prior_quote_start = start_field()
    treatment_intervention = forms.ModelChoiceField(
        Intervention.objects.order_by("name"), required=False, label="Treatment"
    )
    treatment_role = forms.ChoiceField(
        choices=TreatmentRole.choices, initial=TreatmentRole.TREATMENT, label="Given as"
    )
    treatment_detail = forms.CharField(
        required=False, max_length=300, label="Dose, route, doses", help_text="As the source says."
    )
    treatment_quote = QuoteField(label="Quote: the treatment")
    treatment_quote_start = start_field()
    event_when = forms.CharField(required=False, max_length=120, label="When (source's words)")
    event_description = forms.CharField(
        required=False, label="What happened", widget=forms.Textarea(attrs={"rows": 2})
    )
    event_quote = QuoteField(label="Quote: the event")
    event_quote_start = start_field()
    # Outcome and retreatment
    patient_outcome = forms.ChoiceField(
        choices=Outcome.choices, initial=Outcome.NOT_REPORTED, label="Outcome"
    )
    patient_outcome_quote = QuoteField(label="Quote: the outcome")
    patient_outcome_quote_start = start_field()
    patient_retreated = forms.NullBooleanField(
        required=False,
        label="Given alemtuzumab again",
        widget=NotReportedSelect,
    )
    patient_retreatment_quote = QuoteField(label="Quote: the retreatment")
    patient_retreatment_quote_start = start_field()

    def __init__(self, *args, source, user, editing=False, with_report=True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.source, self.user, self.editing = source, user, editing
        self.with_report = with_report
        dropped = []
        if editing:  # the publication of an existing report is changed in the admin
            dropped.append("citation")
        if not with_report:  # a patient added to a report: the report stays as it is
            dropped.append("report_")
        for name in [n for n in self.fields if n.startswith(tuple(dropped))] if dropped else []:
            del self.fields[name]

    def sections(self):
        """The form's fields in fieldsets: (legend, [bound fields])."""
        groups = [
            ("Publication", "citation"),
            ("Report", "report_"),
            ("Patient", "patient_"),
            ("Complication", "complication_"),
            ("Prior therapy", "prior_"),
            ("Treatment", "treatment_"),
            ("Course", "event_"),
        ]
        later = ("patient_outcome", "patient_retreated", "patient_retreatment")
        result = []
        for legend, prefix in groups:
            fields = [
                self[name]
                for name in self.fields
                if name.startswith(prefix)
                and not any(name.startswith(f) for f in later)
                and not name.endswith("_start")
            ]
            if fields:
                result.append((legend, fields))
        result.append(
            (
                "Outcome and retreatment",
                [
                    self[n]
                    for n in self.fields
                    if any(n.startswith(f) for f in later) and not n.endswith("_start")
                ],
            )
        )
        return result

    def clean(self):
        data = super().clean()
        for name in QUOTES:
            if data.get(name) and data.get(f"{name}_start") is None:
                self.add_error(name, "Select the passage in the source: quotes are not typed.")
        # What would otherwise be dropped without a word: details of a part with no drug or
        # event (the screen leaves a part out when its drug or event is empty).
        orphans = [
            ("treatment_detail", "treatment_intervention", "Choose the drug this detail is about."),
            ("event_when", "event_description", "Say what happened then."),
        ]
        for given, needed, message in orphans:
            if data.get(given) and not data.get(needed):
                self.add_error(needed, message)

        pairs = [
            ("prior_intervention", "prior_quote"),
            ("treatment_intervention", "treatment_quote"),
            ("event_description", "event_quote"),
        ]
        for given, quote in pairs:
            if data.get(given) and not data.get(quote):
                self.add_error(quote, "Quote the passage that says so.")
            if data.get(quote) and not data.get(given):
                self.add_error(given, "Say what the quoted passage reports.")
        return data

    def chosen_citation(self):
        """The publication: chosen, pasted (imported as a draft) or typed; exactly one."""
        data = self.cleaned_data
        pasted = data.get("citation_text", "").strip()
        typed = data.get("citation_title", "").strip()
        given = [bool(data.get("citation")), bool(pasted), bool(typed)]
        if sum(given) != 1:
            raise ValidationError(
                {"citation": "Choose the publication, paste its record or type its title: one."}
            )
        if data.get("citation"):
            return data["citation"]
        if pasted:
            try:
                return import_pasted(pasted, user=self.user, source=self.source)
            except ImportFailed as error:
                raise ValidationError({"citation_text": str(error)}) from error
        from cases.curating import new_citation

        authors = [
            tuple(part.strip() for part in (line.split(",", 1) + [""])[:2])
            for line in data.get("citation_authors", "").splitlines()
            if line.strip()
        ]
        return new_citation(
            self.user,
            {
                "title": typed,
                "journal": data.get("citation_journal", ""),
                "year": data.get("citation_year"),
                "kind": data.get("citation_kind"),
                "authors": authors,
            },
            source=self.source,
        )

    def case_report(self, citation):
        data = self.cleaned_data
        positions = {
            position_key(*QUOTES[name], data[name]): data[f"{name}_start"]
            for name in QUOTES
            if data.get(name) and data.get(f"{name}_start") is not None
        }

        def optional(values, key):
            return values if data.get(key) else None

        complication_values = {
            "complication": data["complication_complication"].pk,
            "course_number": data.get("complication_course_number"),
            "onset_latency": data.get("complication_onset_latency"),
            "onset_unit": data.get("complication_onset_unit") or "",
            "onset_anchor": data.get("complication_onset_anchor") or "",
            "quote": data["complication_quote"],
        }
        report = None
        if self.with_report:
            report = {
                "kind": data["report_kind"],
                "patient_count": data["report_patient_count"],
                "summary": data["report_summary"],
                "quote": data["report_quote"],
            }
        return CaseReport(
            citation=citation,
            source=self.source,
            report=report,
            patient={
                "label": data["patient_label"],
                "age": data.get("patient_age"),
                "sex": data["patient_sex"],
                "disease": data["patient_disease"],
                "quote": data["patient_quote"],
                "presentation": data.get("patient_presentation", ""),
                "outcome": data["patient_outcome"],
                "outcome_quote": data.get("patient_outcome_quote", ""),
                "retreated": data.get("patient_retreated"),
                "retreatment_quote": data.get("patient_retreatment_quote", ""),
            },
            parts={
                "complication": complication_values,
                "prior": optional(
                    {
                        "intervention": getattr(data.get("prior_intervention"), "pk", None),
                        "quote": data.get("prior_quote", ""),
                    },
                    "prior_intervention",
                ),
                "treatment": optional(
                    {
                        "intervention": getattr(data.get("treatment_intervention"), "pk", None),
                        "role": data.get("treatment_role"),
                        "detail": data.get("treatment_detail", ""),
                        "quote": data.get("treatment_quote", ""),
                    },
                    "treatment_intervention",
                ),
                "event": optional(
                    {
                        "when": data.get("event_when", ""),
                        "description": data.get("event_description", ""),
                        "quote": data.get("event_quote", ""),
                    },
                    "event_description",
                ),
            },
            positions=positions,
        )

    def show_errors(self, error):
        """A ValidationError from the services, on the fields it names or above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


def initial_from(report, patient):
    """What the screen shows for a stored report and patient (their working copies), each
    quote with the place it stands at: its own row's anchor, if it still anchors there (a
    quote that no longer anchors has no place, and is selected again)."""
    report_content, _, _ = working_copy(report)
    patient_content, _, _ = working_copy(patient)
    initial = {f"report_{k}": v for k, v in report_content["fields"].items()}
    initial.update({f"patient_{k}": v for k, v in patient_content["fields"].items()})
    initial["patient_retreated"] = patient_content["fields"].get("retreated")
    rows = {Report: report, Patient: patient}
    for key, part_model in PART_MODELS.items():
        parts = patient_content["parts"].get(part_model._meta.label_lower, {})
        if not parts:
            continue
        pk, values = min(parts.items(), key=lambda item: item[1].get("position") or 0)
        initial.update({f"{key}_{name}": value for name, value in values.items()})
        if int(pk) > 0:
            rows[part_model] = part_model._default_manager.get(pk=pk)
    text = report.source_document.text
    anchors = anchors_of(list(rows.values()), text_of=lambda row: text)
    for name, (model, field) in QUOTES.items():
        quote, row = initial.get(name), rows.get(model)
        located = anchors.get((model, row.pk, field)) if row is not None and quote else None
        if located and located[1] and located[0].exact == quote:
            initial[f"{name}_start"] = located[0].start
    return {k: v for k, v in initial.items() if v is not None}


class DecisionForm(forms.Form):
    label_suffix = ""
    comment = forms.CharField(
        required=False,
        label="Comment for the editor",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you ask for changes or reject.",
    )


class ReselectForm(forms.Form):
    label_suffix = ""
    quote = QuoteField(label="Quote", required=True, help_text="Select the same words again.")
    quote_start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
