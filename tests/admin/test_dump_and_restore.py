"""`manage.py dumpdata` of the content, history included, restores into an empty database."""

from datetime import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict
from simple_history.models import HistoricalChanges

from cases.models import Report
from complications.models import Citation, Complication, Intervention, SourceDocument, Statement
from curation.registry import content_models

from ..factories import make_count, make_intervention, make_patient, make_statement
from .conftest import form_data
from .test_roles_and_workflow import change_url

pytestmark = pytest.mark.django_db

CONTENT_APPS = ["complications", "cases"]


def history_models():
    return [
        m
        for name in CONTENT_APPS
        for m in apps.get_app_config(name).get_models()
        if issubclass(m, HistoricalChanges)
    ]


def to_the_millisecond(value):
    # Django's JSON serializer writes times to the millisecond.
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def every_field(obj):
    """All stored values, timestamps and versions included, and many-to-many links."""
    values = {
        f.attname: to_the_millisecond(getattr(obj, f.attname)) for f in obj._meta.concrete_fields
    }
    links = {k: sorted(map(str, v)) for k, v in model_to_dict(obj).items() if isinstance(v, list)}
    return values | links


def snapshot():
    rows = {
        (m._meta.label, o.pk): every_field(o)
        for m in content_models()
        for o in m._default_manager.all()
    }
    history = {m._meta.label: m.objects.count() for m in history_models()}
    return rows, history


def empty_the_content():
    # In an order that PROTECT allows: what refers to others goes first.
    for model in (Report, Statement, Citation, Complication, SourceDocument, Intervention):
        model.objects.all().delete()
    for model in history_models():
        model.objects.all().delete()


def test_a_dump_of_the_content_restores_every_row_and_every_history_record(
    client_for, editor, tmp_path
):
    drug = make_intervention("rituximab")
    patient = make_patient(treatments=[drug], prior=[drug])
    make_count(patient.report)
    statement = make_statement(status="draft")
    client = client_for(editor)
    data = form_data(client.get(change_url(statement)))
    data["text"] = "Edited in the admin."
    client.post(change_url(statement), data)
    before = snapshot()
    assert before[1]["complications.HistoricalStatement"] >= 1

    dump = tmp_path / "content.json"
    call_command("dumpdata", *CONTENT_APPS, "--natural-foreign", output=str(dump), verbosity=0)
    empty_the_content()
    assert snapshot()[0] == {}
    call_command("loaddata", str(dump), verbosity=0)
    assert snapshot() == before
