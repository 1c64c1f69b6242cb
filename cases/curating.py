"""A case report on one screen: its citation, the report and a patient, saved together.

Everything goes through the curation services (curation/changes.py) in one transaction, so
every check of the admin applies: quotes verbatim and anchored where the editor selected them,
constraints, positions unique. New rows are drafts in the editor's change set, for review.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from complications.models import Citation, CitationAuthor
from curation import changes, changesets
from curation import content as contents
from curation.models import Status

from .models import Patient, PatientComplication, PriorTherapy, Report, TimelineEvent, Treatment

PART_MODELS = {
    "complication": PatientComplication,
    "prior": PriorTherapy,
    "treatment": Treatment,
    "event": TimelineEvent,
}


@dataclass
class CaseReport:
    """What the screen sends: values by model field name, per section.

    `report` is None when a patient is added to a report as it stands. `parts` has a dict
    (or None, for an optional part left empty) for each key of PART_MODELS;
    `positions` ({anchoring.position_key: start}) is where the editor selected each quote.
    """

    citation: Citation
    source: object
    report: dict
    patient: dict
    parts: dict
    positions: dict = field(default_factory=dict)


def new_citation(user, typed, source=None):
    """A draft citation from typed fields; `typed["authors"]` is [(family, given)]."""
    authors = typed.pop("authors", [])
    family = authors[0][0] if authors else typed["title"].split(" ")[0]
    base = slugify(f"{family} {typed.get('year') or ''}")[:70] or "citation"
    slug, n = base, 2
    while Citation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    citation = Citation(slug=slug, full_text=source, **typed)
    data = contents.content_of(citation)
    data["parts"][CitationAuthor._meta.label_lower] = {
        contents.new_part_id(): {"position": position, "family": family, "given": given}
        for position, (family, given) in enumerate(authors, start=1)
    }
    try:
        return changes.create(citation, data, user)
    except ValidationError as error:
        raise prefixed("citation", error) from error


def prefixed(section, error):
    """The error with each field named as the screen names it (`report_quote`)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            (name if name == "__all__" else f"{section}_{name}"): messages
            for name, messages in error.error_dict.items()
        }
    )


def unique_report_slug(citation):
    base = citation.slug[:70]
    slug, n = base, 2
    while Report.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def with_values(content, values):
    for name, value in values.items():
        content["fields"][name] = value
    return content


def encoded(model, values):
    return {
        name: contents.encode(model._meta.get_field(name), value) for name, value in values.items()
    }


def first_part(rows):
    """(id, values) of the part with the lowest position, or (None, None)."""
    if not rows:
        return None, None
    return min(rows.items(), key=lambda item: item[1].get("position") or 0)


def set_part(content, part_model, values):
    """Make `values` the patient's first part of this kind (the screen edits one of each);
    None removes it. Other parts of the kind are kept."""
    rows = content["parts"].setdefault(part_model._meta.label_lower, {})
    pk, old = first_part(rows)
    if values is None:
        if pk is not None:
            del rows[pk]
        return
    values = encoded(part_model, values)
    if pk is None:
        positions = [v.get("position") or 0 for v in rows.values()]
        rows[contents.new_part_id()] = {**values, "position": max(positions, default=0) + 1}
    else:
        rows[pk] = {**old, **values}


def save_row(obj, content, user, positions, section):
    """(the row, whether it changed), saved through the services."""
    try:
        if obj.pk is None:
            return changes.create(obj, content, user, positions=positions), True
        outcome = changes.save_change(obj, content, user, positions=positions)
        return outcome.obj, outcome.kind != "unchanged" or outcome.change is not None
    except ValidationError as error:
        raise prefixed(section, error) from error


def part_errors(data, report):
    """Each part checked on its own first, so that its errors name the screen's fields
    (`complication_onset_unit`) rather than "Patient complication 1: ..." above the form. The
    services check everything again when the patient is saved."""
    patient = Patient(report=report)  # unsaved: what the parts' quotes are checked against
    errors = {}
    for key, part_model in PART_MODELS.items():
        values = data.parts.get(key)
        if values is None:
            continue
        part = part_model(**{part_model.part_of: patient})
        contents.apply_fields(part, encoded(part_model, values))
        try:
            part.full_clean(exclude=[part_model.part_of, "position"], validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                target = "__all__" if name == "__all__" else f"{key}_{name}"
                errors.setdefault(target, []).extend(messages)
    return errors


@transaction.atomic
def save_case_report(user, data, change_set=None, report=None, patient=None):
    """Create (or, given `report` and `patient`, change) the report and its patient from the
    screen's `data`, in `change_set` (a new one if None). Returns (report, patient, change set).

    Raises ValidationError with the screen's field names; nothing is saved then.
    """
    complication_id = data.parts["complication"]["complication"]
    if report is None:
        existing = Report.objects.filter(citation=data.citation, source_document=data.source)
        if existing.exists():
            raise ValidationError(
                {
                    "citation": f"{data.citation.short_label} already has a report from this "
                    "source: add the patient to it (“Add a patient” on the source's page)."
                }
            )
        report = Report(
            slug=unique_report_slug(data.citation),
            citation=data.citation,
            source_document=data.source,
        )
        report_content = contents.content_of(report)
    else:
        report_content, _, _ = changes.working_copy(report)
    if data.report is not None:
        with_values(report_content, encoded(Report, data.report))
    linked = set(report_content["relations"].get("complications", []))
    report_content["relations"]["complications"] = sorted(linked | {complication_id})
    report, report_changed = save_row(report, report_content, user, data.positions, "report")
    errors = part_errors(data, report)
    if errors:
        raise ValidationError(errors)

    if patient is None:
        patient = Patient(report=report, position=report.patients.count() + 1)
        patient_content = contents.content_of(patient)
    else:
        patient_content, _, _ = changes.working_copy(patient)
    with_values(patient_content, encoded(Patient, data.patient))
    for key, part_model in PART_MODELS.items():
        set_part(patient_content, part_model, data.parts.get(key))
    patient, _ = save_row(patient, patient_content, user, data.positions, "patient")

    if change_set is None:
        change_set = changesets.start(user, f"Case report: {data.citation.short_label}")
    rows = [report, patient] if report_changed else [patient]
    if data.citation.status == Status.DRAFT:
        rows.insert(0, data.citation)
    changesets.add(change_set, rows, user)
    return report, patient, change_set
