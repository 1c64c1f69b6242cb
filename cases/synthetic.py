"""Plausible, clearly synthetic case data for benchmarks: deterministic for a seed, made in bulk.

Every row it makes is marked `synthetic=True` and named as synthetic. It refuses to run on a
database that is not explicitly a benchmark database: synthetic patients must never mix with
curated clinical content.
"""

import random

from django.conf import settings
from django.db import connection, transaction

from complications.models import (
    Citation,
    CitationAuthor,
    Complication,
    Intervention,
    SourceDocument,
)
from curation.models import ContentVersion, Status

from .models import Patient, PatientComplication, PriorTherapy, Report, Treatment

SENTENCE = "Synthetic benchmark record: not a real patient and not a real publication."
BATCH = 2000
PATIENTS_PER_REPORT = 5


class NotABenchmarkDatabase(Exception):
    pass


def check_benchmark_database():
    name = str(connection.settings_dict["NAME"])
    if not settings.BENCHMARK_DATABASE or "bench" not in name:
        raise NotABenchmarkDatabase(
            f"Refusing to add synthetic data to “{name}”: set ALEMKB_BENCHMARK_DATABASE=1 and "
            "use a database whose name contains “bench”."
        )


def synthetic_source():
    source, _ = SourceDocument.objects.get_or_create(
        slug="synthetic-benchmark-source",
        defaults={
            "title": "Synthetic benchmark source (not a real document)",
            "kind": "journal_article",
            "text": SENTENCE,
            "status": Status.PUBLISHED,
            "synthetic": True,
        },
    )
    return source


@transaction.atomic
def generate(patients, citations, seed):
    """Add `patients` synthetic patients reported in `citations` synthetic citations."""
    check_benchmark_database()
    rng = random.Random(seed)
    source = synthetic_source()
    complications = list(Complication.objects.published()) or [
        Complication.objects.create(
            slug="synthetic-complication",
            name="Synthetic complication",
            category="other",
            status=Status.PUBLISHED,
            synthetic=True,
        )
    ]
    drugs = list(Intervention.objects.published()) or [
        Intervention.objects.create(
            slug="synthetic-drug", name="synthetic drug", status=Status.PUBLISHED, synthetic=True
        )
    ]
    made = Citation.objects.bulk_create(
        [
            Citation(
                slug=f"synthetic-{seed}-{n}",
                kind=rng.choice(["case_report", "case_series"]),
                title=f"Synthetic citation {n} (benchmark data, not a real publication)",
                journal="Synthetic Journal of Benchmarks",
                year=rng.randint(2000, 2025),
                status=Status.PUBLISHED,
                synthetic=True,
            )
            for n in range(citations)
        ],
        batch_size=BATCH,
    )
    CitationAuthor.objects.bulk_create(
        [
            CitationAuthor(
                citation=c, position=p, family=f"Synthetic{rng.randint(1, 999)}", given="X"
            )
            for c in made
            for p in range(1, rng.randint(1, 3) + 1)
        ],
        batch_size=BATCH,
    )
    Citation.objects.filter(pk__in=[c.pk for c in made]).refresh_author_names()
    reports = Report.objects.bulk_create(
        [
            Report(
                slug=f"synthetic-{seed}-{n}",
                citation=made[n % len(made)],
                kind="series_individual",
                patient_count=PATIENTS_PER_REPORT,
                summary="Synthetic report for benchmarks.",
                source_document=source,
                quote=SENTENCE,
                status=Status.PUBLISHED,
                synthetic=True,
            )
            for n in range(-(-patients // PATIENTS_PER_REPORT))
        ],
        batch_size=BATCH,
    )
    for start in range(0, patients, BATCH):
        make_patients(
            rng, range(start, min(start + BATCH, patients)), reports, complications, drugs
        )
    ContentVersion.bump()


def make_patients(rng, numbers, reports, complications, drugs):
    outcomes = ["resolved", "remission", "stable", "ongoing", "died", "not_reported"]
    rows = []
    for n in numbers:
        outcome = rng.choices(outcomes, weights=[30, 15, 20, 10, 5, 20])[0]
        retreated = rng.choice([None, None, True, False])
        rows.append(
            Patient(
                report=reports[n // PATIENTS_PER_REPORT],
                label=f"Synthetic patient {n}",
                position=n % PATIENTS_PER_REPORT + 1,
                age=None if rng.random() < 0.1 else rng.randint(18, 65),
                sex=rng.choice(["female", "female", "male", "not_reported"]),
                disease=rng.choice(["rrms", "rrms", "rrms", "ms", "spms"]),
                presentation=f"Synthetic presentation {rng.randint(1, 50)}.",
                outcome=outcome,
                outcome_quote="" if outcome == "not_reported" else SENTENCE,
                retreated=retreated,
                retreatment_quote="" if retreated is None else SENTENCE,
                quote=SENTENCE,
                status=Status.PUBLISHED,
                synthetic=True,
            )
        )
    patients = Patient.objects.bulk_create(rows)
    links, priors, treatments = [], [], []
    for patient in patients:
        links.append(
            PatientComplication(
                patient=patient,
                complication=rng.choice(complications),
                position=1,
                course_number=rng.choice([1, 1, 2]),
                onset_latency=round(10 ** rng.uniform(-0.5, 3.2), 1),
                onset_unit="days",
                onset_anchor="course_start",
                quote=SENTENCE,
            )
        )
        for position in range(1, rng.randint(0, 2) + 1):
            priors.append(
                PriorTherapy(
                    patient=patient,
                    intervention=rng.choice(drugs),
                    position=position,
                    quote=SENTENCE,
                )
            )
        for position in range(1, rng.randint(0, 2) + 1):
            treatments.append(
                Treatment(
                    patient=patient,
                    intervention=rng.choice(drugs),
                    position=position,
                    quote=SENTENCE,
                )
            )
    PatientComplication.objects.bulk_create(links)
    PriorTherapy.objects.bulk_create(priors)
    Treatment.objects.bulk_create(treatments)
