"""Nothing unpublished shows anywhere public: not a row, not its name or title through a
published row that points at it, not a change waiting for review, and no filter or search
answers differently because of it.

Every curated model has a row that is not published, each with a word of its own; published
rows point at them; rows that rest on them (a statement on a draft source) carry words of
their own, and must stay hidden with them. Then every public URL is read.
"""

import re

import pytest

from cases.models import Patient, PatientComplication, PriorTherapy, Report, Treatment
from complications.models import (
    Citation,
    CitationAuthor,
    CitationMention,
    Complication,
    CourseStatement,
    Intervention,
    SourceDocument,
    Statement,
)
from curation import changes
from curation import content as contents
from curation.models import Status

from .admin.conftest import make_user
from .curated_world import make_world

pytestmark = pytest.mark.django_db

HIDDEN_SOURCE_TEXT = (
    "Hidsrcword: a 50-year-old man had the complication depsrcword on day 2 and recovered."
)
NOWHERE = "nowhereword"


def build():
    """(published world, {marker: what it marks}) with every kind of hidden row."""
    world = make_world("Alpha")
    markers = {}

    def hide(marker, what):
        markers[marker] = what

    source = SourceDocument.objects.create(
        slug="hidsrcword",
        title="Hidsrcword source",
        kind="blog_post",
        text=HIDDEN_SOURCE_TEXT,
        status=Status.DRAFT,
    )
    hide("hidsrcword", "a draft source document")
    CitationMention.objects.create(
        citation=world.citation, source_document=source, quote="Hidsrcword", reference_number=9
    )
    Statement.objects.create(
        complication=world.complication,
        key="on-a-draft-source",
        section="summary",
        text="Statement depsrcword.",
        quote="depsrcword",
        source_document=source,
        evidence_kind="case_report",
        status=Status.PUBLISHED,
    )
    hide("depsrcword", "a published statement quoting a draft source")

    citation = Citation.objects.create(
        slug="hidcitword",
        kind="case_report",
        title="Hidcitword trial",
        year=2021,
        status=Status.IN_REVIEW,
    )
    CitationAuthor.objects.create(citation=citation, position=1, family="Hidauthword")
    hide("hidcitword", "a citation in review")
    hide("hidauthword", "the author of a citation in review")
    Statement.objects.create(
        complication=world.complication,
        key="citing-a-draft",
        section="incidence",
        text="Statement depcitword.",
        quote=world.statement.quote,
        source_document=world.source,
        citation=citation,
        evidence_kind="case_report",
        status=Status.PUBLISHED,
    )
    hide("depcitword", "a published statement citing a citation in review")

    complication = Complication.objects.create(
        slug="hidcompword",
        name="Hidcompword syndrome",
        category="infection",
        status=Status.DRAFT,
    )
    hide("hidcompword", "a draft complication")
    Statement.objects.create(
        complication=complication,
        key="on-a-draft-complication",
        section="onset",
        text="Statement depcompword.",
        quote=world.statement.quote,
        source_document=world.source,
        evidence_kind="case_report",
        onset_min=1,
        onset_max=2,
        onset_unit="days",
        onset_anchor="course_start",
        status=Status.PUBLISHED,
    )
    hide("depcompword", "a published statement on a draft complication")
    PatientComplication.objects.create(
        patient=world.patient,
        complication=complication,
        position=2,
        onset_detail="Linkdepword",
        onset_latency=5,
        onset_unit="days",
        onset_anchor="course_start",
        quote="day 3",
    )
    hide("linkdepword", "a published patient's link to a draft complication")

    Statement.objects.create(
        complication=world.complication,
        key="draft-statement",
        section="management",
        text="Statement hidstmtword.",
        quote=world.statement.quote,
        source_document=world.source,
        evidence_kind="case_report",
        status=Status.DRAFT,
    )
    hide("hidstmtword", "a draft statement")

    drug = Intervention.objects.create(slug="hiddrugword", name="hiddrugword", status=Status.DRAFT)
    hide("hiddrugword", "a draft drug")
    PriorTherapy.objects.create(
        patient=world.patient,
        intervention=drug,
        position=2,
        detail="Priordepword",
        quote="before",
    )
    hide("priordepword", "a published patient's prior therapy with a draft drug")
    Treatment.objects.create(
        patient=world.patient,
        intervention=drug,
        position=2,
        detail="Treatdepword",
        quote="treated with drug",
    )
    hide("treatdepword", "a published patient's treatment with a draft drug")

    report = Report.objects.create(
        slug="hidreportword",
        citation=world.citation,
        kind="single_case",
        patient_count=1,
        summary="Hidreportword summary.",
        source_document=world.source,
        quote="a 40-year-old woman",
        status=Status.DRAFT,
    )
    hide("hidreportword", "a draft report")
    Patient.objects.create(
        report=report,
        label="Deppatword",
        age=61,
        quote="a 40-year-old woman",
        status=Status.PUBLISHED,
    )
    hide("deppatword", "a published patient in a draft report")

    Patient.objects.create(
        report=world.report,
        label="Hidpatword",
        age=62,
        quote="a 40-year-old woman",
        status=Status.IN_REVIEW,
    )
    hide("hidpatword", "a patient in review")

    # The links of this change: shared statements, the drugs a statement names, course
    # statements (and what they cite).
    shared = Statement.objects.create(
        complication=world.complication,
        key="shared-onto-a-draft",
        section="summary",
        text="Statement shared onto a draft page.",
        quote=world.statement.quote,
        source_document=world.source,
        evidence_kind="case_report",
        status=Status.PUBLISHED,
    )
    shared.also_on.add(Complication.objects.get(slug="hidcompword"))
    shared.interventions.add(drug)
    CourseStatement.objects.create(
        key="hidcourseword",
        text="Hidcourseword course.",
        quote=world.statement.quote,
        source_document=world.source,
        evidence_kind="expert_opinion",
        status=Status.DRAFT,
    )
    hide("hidcourseword", "a draft course statement")
    CourseStatement.objects.create(
        key="course-on-a-draft-citation",
        text="Coursedepword course.",
        quote=world.statement.quote,
        source_document=world.source,
        citation=Citation.objects.get(slug="hidcitword"),
        evidence_kind="expert_opinion",
        status=Status.PUBLISHED,
    )
    hide("coursedepword", "a published course statement citing a draft citation")
    CourseStatement.objects.create(
        key="course-naming-a-draft-drug",
        text="A published course statement naming a draft drug.",
        quote=world.statement.quote,
        source_document=world.source,
        evidence_kind="expert_opinion",
        status=Status.PUBLISHED,
    ).interventions.add(drug)

    editor = make_user("edna")
    for row, field, value in [
        (world.statement, "text", "Pendword statement."),
        (world.citation, "title", "Pendcitword"),
        (world.patient, "presentation", "Pendpatword."),
    ]:
        content = contents.content_of(row)
        content["fields"][field] = value
        assert changes.save_change(row, content, editor).proposed
    hide("pendword", "a statement's change waiting for review")
    hide("pendcitword", "a citation's change waiting for review")
    hide("pendpatword", "a patient's change waiting for review")
    return world, markers


def public_urls():
    """Every public page and API URL for the rows in the database, hidden rows included."""
    urls = ["/", "/cases/", "/citations/", "/courses/", "/search/", "/api/schema/"]
    urls += ["/api/v1/stats/", "/api/v1/complications/?onset_anchor=course_start"]
    for endpoint in (
        "complications",
        "courses",
        "cases",
        "reports",
        "citations",
        "sources",
        "drugs",
        "annotations",
    ):
        urls.append(f"/api/v1/{endpoint}/")
    urls += ["/api/v1/annotations/?page_size=1000"]
    urls += ["/api/v1/cases/?format=csv", "/cases/?page_size=200"]
    urls += [f"/api/v1/citations/?format={f}" for f in ("csv", "ris", "bibtex", "csl")]
    for slug in Complication.objects.values_list("slug", flat=True):
        urls += [f"/complications/{slug}/", f"/api/v1/complications/{slug}/"]
    for pk in Patient.objects.values_list("pk", flat=True):
        urls += [f"/cases/{pk}/", f"/api/v1/cases/{pk}/", f"/api/v1/cases/{pk}/?format=csv"]
    for pk, slug in Report.objects.values_list("pk", "slug"):
        urls += [f"/reports/{slug}/", f"/api/v1/reports/{pk}/"]
    for pk in Citation.objects.values_list("pk", flat=True):
        urls += [f"/citations/{pk}/", f"/api/v1/citations/{pk}/"]
        urls += [f"/api/v1/citations/{pk}/?format={f}" for f in ("csv", "ris", "bibtex", "csl")]
    for slug in SourceDocument.objects.values_list("slug", flat=True):
        urls += [f"/sources/{slug}/", f"/api/v1/sources/{slug}/"]
    urls += [
        f"/api/v1/courses/{key}/" for key in CourseStatement.objects.values_list("key", flat=True)
    ]
    return urls


# Where a word or a slug can be asked for: the same answer for a hidden row's as for nothing.
SEARCHES = [
    "/search/?q={}",
    "/cases/?q={}",
    "/citations/?q={}",
    "/api/v1/complications/?q={}",
    "/api/v1/cases/?q={}",
    "/api/v1/citations/?q={}",
]
SLUG_FILTERS = [
    ("/cases/?complication={}", "hidcompword"),
    ("/api/v1/cases/?complication={}", "hidcompword"),
    ("/api/v1/reports/?complication={}", "hidcompword"),
    ("/api/v1/citations/?complication={}", "hidcompword"),
    ("/api/v1/cases/?treatment={}", "hiddrugword"),
    ("/api/v1/cases/?treatment={}&treatment_role=premedication", "hiddrugword"),
    ("/api/v1/cases/?prior_therapy={}", "hiddrugword"),
    ("/cases/?treatment={}", "hiddrugword"),
]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_unpublished_row_or_waiting_change_shows_anywhere_public(client):
    world, markers = build()
    # (Searches echo the words asked for: the next test compares their answers instead.)
    urls = public_urls()
    shown = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        text = body(response).lower()
        if response.status_code == 404:  # a page not found names the address asked for
            text = text.replace(url.lower().split("?")[0], "")
        for marker, what in markers.items():
            if marker in text:
                shown.setdefault(what, []).append(url)
    assert shown == {}
    # The published world itself is all there.
    page = body(client.get(world.patient.get_absolute_url()))
    assert "Patient Alpha" in page and "drug Alpha" in page and "Onset Alpha" in page


def answer(client, url):
    response = client.get(url)
    return response.status_code, re.sub(r"\w*word\w*", "WORD", body(response).lower())


def test_no_search_or_filter_answers_differently_for_a_hidden_row_than_for_nothing(client):
    _, markers = build()
    for url in SEARCHES:
        nothing = answer(client, url.format(NOWHERE))
        for marker in markers:
            assert answer(client, url.format(marker)) == nothing, url.format(marker)
    for url, slug in SLUG_FILTERS:
        assert answer(client, url.format(slug)) == answer(client, url.format(NOWHERE)), url
