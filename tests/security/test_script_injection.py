"""Whatever an editor types into any text field is shown as text, never run as markup.

AlemKB has no rich-text field: every editable text is plain text that templates escape on
output (and JSON carries as a string), so there is nothing for an HTML sanitiser to keep.
This test stores script in every editable text field of every content model and reads every
page, admin screen and browsable API page that shows it.
"""

import pytest
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator
from django.db import models

from cases.models import Patient, Report, ReportCount, TimelineEvent
from complications.models import Citation, CitationAuthor, Complication, SourceDocument
from curation.registry import content_models

from ..factories import make_count, make_intervention, make_patient, make_statement

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script>'
SHORT_PAYLOAD = "<svg/onload=alert()>"  # for fields of 20 to 27 characters
MARKERS = ("<script>alert", "<svg/onload")
NOT_FREE_TEXT = (models.SlugField, models.URLField, models.EmailField)


def injectable_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.choices
            and not isinstance(field, NOT_FREE_TEXT)
            and all(isinstance(v, MaxLengthValidator) for v in field.validators)  # not DOI, PMID
            and (field.max_length or 999) >= len(SHORT_PAYLOAD)
        ):
            yield field


def inject_everywhere():
    """Write the payload into every free-text field of every row; return what was touched."""
    touched = []
    for model in content_models():
        for field in injectable_fields(model):
            value = PAYLOAD if (field.max_length or 999) >= len(PAYLOAD) + 9 else SHORT_PAYLOAD
            for pk in model.objects.values_list("pk", flat=True):
                # A number after the payload keeps unique fields unique.
                unique = f"{value}{pk}"[: field.max_length] if field.max_length else f"{value}{pk}"
                model.objects.filter(pk=pk).update(**{field.name: unique})
            touched.append(f"{model.__name__}.{field.name}")
    Complication.objects.update(synonyms=[PAYLOAD])
    return touched


@pytest.fixture
def content_with_script():
    statement = make_statement()
    drug = make_intervention()
    patient = make_patient(complication=statement.complication, treatments=[drug])
    make_count(patient.report)
    CitationAuthor.objects.create(citation=patient.report.citation, position=1, family="Smith")
    TimelineEvent.objects.create(
        patient=patient, position=1, description="infusion", quote="A 34-year-old woman"
    )
    touched = inject_everywhere()
    return statement.complication, patient, touched


def pages(complication, patient):
    report = Report.objects.get()
    citation = Citation.objects.get()
    source = SourceDocument.objects.first()
    return [
        "/",
        complication.get_absolute_url(),
        "/cases/",
        patient.get_absolute_url(),
        report.get_absolute_url(),
        "/citations/",
        citation.get_absolute_url(),
        source.get_absolute_url(),
        "/search/?q=alert",
        f"/search/?q={PAYLOAD}",
    ]


def assert_escaped(response, url):
    assert response.status_code == 200, url
    body = response.content.decode()
    for marker in MARKERS:
        assert marker not in body, f"{url} shows {marker!r} unescaped"
    # The injected text is there, as text: the page did show what the editor typed.
    assert "&lt;script&gt;alert" in body or "&lt;svg/onload" in body, f"{url} shows no payload"


def test_every_editable_text_field_is_covered(content_with_script):
    *_, touched = content_with_script
    for field in ["Complication.name", "Statement.text", "Statement.quote", "Patient.course"]:
        assert field in touched
    assert len(touched) > 40


def test_script_in_any_text_field_is_escaped_on_every_page(client, content_with_script):
    complication, patient, _ = content_with_script
    for url in pages(complication, patient):
        assert_escaped(client.get(url), url)


def test_script_in_any_text_field_is_escaped_in_the_browsable_api(client, content_with_script):
    complication, patient, _ = content_with_script
    for url in [
        "/api/v1/complications/",
        f"/api/v1/complications/{complication.slug}/",
        "/api/v1/cases/",
        f"/api/v1/cases/{patient.pk}/",
        "/api/v1/citations/",
        "/api/v1/reports/",
        "/api/v1/sources/",
    ]:
        assert_escaped(client.get(url, HTTP_ACCEPT="text/html"), url)


def test_script_in_any_text_field_is_escaped_in_the_admin(client, content_with_script):
    client.force_login(User.objects.create_superuser("root", password="x" * 20))
    for model in [Complication, Patient, Report, ReportCount, Citation, SourceDocument]:
        obj = model.objects.first()
        meta = model._meta
        for url in [
            f"/admin/{meta.app_label}/{meta.model_name}/",
            f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/",
            f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/history/",
        ]:
            assert_escaped(client.get(url), url)
