"""The seed fixtures: verbatim sources, faithful curation, and answers to the model's questions.

These tests load the real fixtures (the only tests that do).
"""

import re
from decimal import Decimal

from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import TestCase

from cases.models import Outcome, Patient, Report, ReportKind
from complications.models import (
    Category,
    Citation,
    CitationMention,
    Complication,
    CourseStatement,
    EvidenceKind,
    Intervention,
    Section,
    SourceDocument,
    Statement,
)
from curation.models import Status
from curation.provenance import find_problems
from curation.registry import content_models, quoted_models
from curation.seeding import seed_fixture_paths

NAMED_SLUGS = ["hlh", "dah", "itp", "thyroid-disease", "rebound"]


def snapshot():
    """Every content row, every field, keyed by model and primary key."""
    return {
        (model._meta.label, obj.pk): model_to_dict(obj)
        | {
            "created_at": getattr(obj, "created_at", None),
            "updated_at": getattr(obj, "updated_at", None),
        }
        for model in content_models()
        for obj in model._default_manager.all()
    }


def quoted_rows():
    for model in quoted_models():
        for obj in model._default_manager.all():
            for field in model.provenance.quote_fields:
                if getattr(obj, field):
                    yield obj, field, getattr(obj, field)


def source_of(obj):
    return obj.provenance.source_of(obj)


class SeedFixtureTests(TestCase):
    fixtures = seed_fixture_paths()

    def test_every_quote_occurs_verbatim_in_its_source_document(self):
        checked = 0
        for obj, field, quote in quoted_rows():
            source = source_of(obj)
            with self.subTest(row=f"{obj._meta.label} {obj}", field=field):
                self.assertIsNotNone(source)
                self.assertIn(quote, source.text)
            checked += 1
        self.assertGreater(checked, 100)

    def test_every_fixture_row_passes_model_validation(self):
        from curation.anchoring import anchor_unanchored

        anchor_unanchored()  # as `seed` does after loading the fixtures
        self.assertEqual([str(p) for p in find_problems()], [])

    def test_every_doi_and_pmid_appears_in_a_source_document(self):
        # The PDF text breaks one DOI across lines, so compare without white space.
        texts = [re.sub(r"\s+", "", s.text) for s in SourceDocument.objects.all()]
        identifiers = [
            value
            for row in Citation.objects.values("doi", "pmid")
            for value in row.values()
            if value
        ]
        self.assertGreaterEqual(len(identifiers), 4)
        for identifier in identifiers:
            with self.subTest(identifier=identifier):
                self.assertTrue(any(identifier in text for text in texts))

    def test_the_named_complications_exist_and_are_published(self):
        published = Complication.objects.published().filter(slug__in=NAMED_SLUGS)
        self.assertEqual(sorted(published.values_list("slug", flat=True)), sorted(NAMED_SLUGS))

    def test_every_curated_row_is_published(self):
        for model in content_models():
            if hasattr(model, "status"):
                with self.subTest(model=model._meta.label):
                    self.assertFalse(model.objects.exclude(status=Status.PUBLISHED).exists())

    def test_reader_comments_are_never_evidence(self):
        """Only an author's reply (expert opinion) is quoted from the comments as a statement;
        otherwise the comments may only show where a publication is named."""
        for obj, _field, quote in quoted_rows():
            if source_of(obj).locate(quote) == "comments":
                with self.subTest(row=str(obj)):
                    self.assertIsInstance(obj, Statement | CourseStatement | CitationMention)
                    if not isinstance(obj, CitationMention):
                        self.assertEqual(obj.evidence_kind, EvidenceKind.EXPERT_OPINION)

    def test_every_number_stands_in_its_quote(self):
        words = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five"}

        def stated(value, quote, unit=""):
            number = f"{Decimal(value).normalize():f}"
            # "months to years", "within the first month": a unit-only bound is stored as 1.
            unit_only = number == "1" and unit and unit.rstrip("s") in quote
            in_words = number in words and words[number] in quote.lower()
            return number in quote or unit_only or in_words

        for statement in Statement.objects.with_numbers():
            values = [statement.frequency_low, statement.frequency_high, statement.frequency_per]
            values += [statement.onset_min, statement.onset_max]
            for value in (v for v in values if v is not None and v != 100):
                with self.subTest(statement=statement.key, value=value):
                    self.assertTrue(stated(value, statement.quote, statement.onset_unit))
        for statement in Statement.objects.exclude(measure=""):
            for value, unit in [
                (statement.interval_value, statement.interval_unit),
                (statement.duration_min, statement.duration_unit),
                (statement.duration_max, statement.duration_unit),
            ]:
                if value is not None:
                    with self.subTest(statement=statement.key, value=value):
                        self.assertTrue(stated(value, statement.quote, unit))
        for course in CourseStatement.objects.all():
            for value, unit in [
                (course.infusion_days, "days"),
                (course.daily_dose_mg, ""),
                (course.after_previous_value, course.after_previous_unit),
            ]:
                if value is not None:
                    with self.subTest(course=course.key, value=value):
                        self.assertTrue(stated(value, course.quote, unit))
        for patient in Patient.objects.exclude(age=None):
            with self.subTest(patient=str(patient)):
                self.assertIn(str(patient.age), patient.quote)

    def test_loading_the_fixtures_twice_changes_nothing(self):
        before = snapshot()
        call_command("loaddata", *seed_fixture_paths(), verbosity=0)
        self.assertEqual(snapshot(), before)

    def test_seeding_a_database_with_content_keeps_an_editors_change(self):
        statement = Statement.objects.first()
        statement.text = "Corrected by an editor."
        statement.save()
        call_command("seed", verbosity=0)
        statement.refresh_from_db()
        self.assertEqual(statement.text, "Corrected by an editor.")

    # The questions the domain model must answer, each with a queryset.

    def test_q1_complications_by_category_with_their_sections(self):
        autoimmune = Complication.objects.published().in_category(Category.AUTOIMMUNE)
        self.assertTrue(
            {"itp", "thyroid-disease"} <= set(autoimmune.values_list("slug", flat=True))
        )
        dah = Complication.objects.published().with_statements().get(slug="dah")
        sections = {s.section for s in dah.statements.all()}
        self.assertTrue({Section.INCIDENCE, Section.ONSET, Section.RETREATMENT} <= sections)

    def test_q2_each_statement_rests_on_a_quote_a_source_and_a_kind_of_evidence(self):
        statements = Statement.objects.published().with_provenance()
        self.assertTrue(statements.exists())
        for statement in statements:
            with self.subTest(statement=statement.key):
                self.assertTrue(statement.quote)
                self.assertTrue(statement.source_document or statement.citation)
                self.assertIn(statement.evidence_kind, EvidenceKind.values)
        self.assertTrue(statements.filter(evidence_kind=EvidenceKind.REGULATORY_LABEL).exists())
        self.assertTrue(statements.filter(speculative=True).exists())

    def test_q3_dah_appears_within_days_and_thyroid_disease_only_months_later(self):
        early = Complication.objects.published().with_onset_within(days=7)
        late = Complication.objects.published().with_onset_not_before(days=28)
        self.assertIn("dah", early.values_list("slug", flat=True))
        self.assertNotIn("thyroid-disease", early.values_list("slug", flat=True))
        self.assertIn("thyroid-disease", late.values_list("slug", flat=True))
        window = Statement.objects.get(complication__slug="dah", section=Section.ONSET, onset_min=1)
        self.assertEqual((window.onset_min, window.onset_max, window.onset_unit), (1, 4, "days"))

    def test_q4_incidence_is_a_number_only_where_the_source_gives_one(self):
        thyroid = (
            Statement.objects.in_section(Section.INCIDENCE)
            .with_numbers()
            .get(complication__slug="thyroid-disease")
        )
        self.assertEqual((thyroid.frequency_high, thyroid.frequency_per), (30, 100))
        self.assertEqual(thyroid.frequency_text, "about 30%")
        dah = Statement.objects.in_section(Section.INCIDENCE).filter(complication__slug="dah")
        self.assertTrue(dah.exists())
        self.assertFalse(dah.with_numbers().exists())

    def test_q5_the_patients_with_a_complication_and_their_details(self):
        dah = Complication.objects.get(slug="dah")
        patient = Patient.objects.published().with_complication(dah).with_details().get(age=29)
        self.assertEqual((patient.sex, patient.disease), ("female", "rrms"))
        priors = [p.intervention.slug for p in patient.prior_therapies.all()]
        self.assertEqual(priors[:2], ["glatiramer-acetate", "natalizumab"])
        link = patient.complication_links.get(complication=dah)
        self.assertEqual((link.course_number, link.onset_latency, link.onset_unit), (1, 4, "days"))
        self.assertTrue(patient.retreated)
        self.assertGreater(patient.timeline.count(), 3)

    def test_q6_prior_fingolimod_rituximab_treatment_and_deaths_are_filters(self):
        fingolimod = Intervention.objects.get(slug="fingolimod")
        rituximab = Intervention.objects.get(slug="rituximab")
        after_fingolimod = Patient.objects.published().with_prior(fingolimod)
        self.assertEqual(sorted(after_fingolimod.values_list("age", flat=True)), [21, 28, 37])
        self.assertTrue(
            Patient.objects.treated_with(rituximab).filter(report__slug="saarela-2018").exists()
        )
        died = Patient.objects.published().died()
        self.assertEqual(
            sorted(died.values_list("report__slug", flat=True)), ["gelfand-2014", "saarela-2018"]
        )
        self.assertTrue(all(p.outcome_quote for p in died))

    def test_q7_reports_of_one_several_aggregate_and_reviewed_patients(self):
        kinds = set(Report.objects.published().values_list("kind", flat=True))
        self.assertEqual(kinds, set(ReportKind.values))
        wehrum = Report.objects.get(slug="wehrum-2018")
        self.assertEqual((wehrum.patient_count, wehrum.patients.count()), (3, 3))
        boffa = Report.objects.get(slug="boffa-2020")
        self.assertEqual(
            (boffa.kind, boffa.patient_count, boffa.patients.count()),
            (ReportKind.SERIES_AGGREGATE, 3, 0),
        )
        review = Report.objects.aggregate_only().get(slug="drop-2021")
        self.assertEqual(review.patient_count, 14)
        self.assertTrue(review.includes_cases_reported_elsewhere)
        self.assertTrue(review.counts.filter(count=11, denominator=14).exists())

    def test_q8_citations_with_authors_in_order_sources_and_what_they_support(self):
        zhao = Citation.objects.with_authors().get(slug="zhao-2025")
        self.assertEqual(zhao.doi, "10.1177/13524585251365791")
        self.assertEqual([a.family for a in zhao.authors.all()][:2], ["Zhao", "Hadley"])
        self.assertEqual(zhao.year, 2025)
        source = SourceDocument.objects.get(slug="zhao-2025-dah-retreatment")
        references = Citation.objects.discussed_in(source)
        self.assertGreaterEqual(references.count(), 12)
        self.assertIn("dah", Complication.objects.supported_by(zhao).values_list("slug", flat=True))
        self.assertEqual(Patient.objects.reported_in(zhao).count(), 1)

    def test_q9_sources_are_kept_with_their_kind_author_line_and_comments_apart(self):
        hlh = SourceDocument.objects.get(slug="hlh-post-alemtuzumab")
        self.assertEqual(hlh.author_line, "The MS Bloggger")
        self.assertTrue(hlh.comments_text.startswith("About the author"))
        self.assertNotIn("About the author", hlh.article_text)
        article = SourceDocument.objects.get(kind="journal_article")
        self.assertEqual(article.comments_text, "")
        self.assertEqual(SourceDocument.objects.published().count(), 5)

    def test_outcomes_use_the_categorical_vocabulary(self):
        self.assertTrue(
            set(Patient.objects.values_list("outcome", flat=True)) <= set(Outcome.values)
        )

    # The clinical meaning of the curated rows (onset anchors, treatment roles, patients).

    def test_q10_premedication_is_not_a_treatment_of_dah(self):
        response = self.client.get(
            "/api/v1/cases/", {"complication": "dah", "treatment": "methylprednisolone"}
        )
        self.assertEqual(response.json()["count"], 0)
        premedicated = self.client.get(
            "/api/v1/cases/",
            {"treatment": "methylprednisolone", "treatment_role": "premedication"},
        )
        self.assertEqual([p["age"] for p in premedicated.json()["results"]], [29])

    def test_q11_reported_patients_are_only_the_individually_described_ones(self):
        dah = Complication.objects.with_case_counts().get(slug="dah")
        self.assertEqual(dah.case_count, 1)
        self.assertFalse(Patient.objects.filter(report__slug="myro-2018").exists())
        self.assertIn("myro-2018", Report.objects.aggregate_only().values_list("slug", flat=True))
        bianco = Report.objects.get(slug="bianco-2020")
        self.assertNotIn("dah", bianco.complications.values_list("slug", flat=True))

    def test_q12_onsets_say_what_they_are_counted_from(self):
        def anchors(slug):
            detail = self.client.get(f"/api/v1/complications/{slug}/").json()
            return {s["onset"]["anchor"] for s in detail["onset"] if s["onset"]}

        self.assertEqual(anchors("thyroid-disease"), {"last_course"})
        self.assertEqual(anchors("dah"), {"course_start"})
        self.assertFalse(Statement.objects.exclude(onset_unit="").filter(onset_anchor="").exists())

    def test_q13_no_statement_copies_another_statements_quote(self):
        quotes = list(Statement.objects.values_list("quote", flat=True))
        self.assertEqual(len(quotes), len(set(quotes)))
