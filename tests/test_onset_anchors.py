"""Onsets are counted from a stated event, and only windows counted from the same event are
compared: "day 4 of a course" is not "months after the last course"."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import PatientComplication
from complications.models import Complication

from .factories import make_complication, make_patient, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def windows():
    """DAH days 1–4 of a course; thyroid from a month after the last course; anti-drug
    antibodies within the first month of an infusion (no stated start)."""
    dah = make_complication(slug="dah", name="Diffuse alveolar haemorrhage")
    thyroid = make_complication(slug="thyroid-disease", name="Autoimmune thyroid disease")
    ada = make_complication(slug="anti-drug-antibodies", name="Anti-drug antibodies")
    make_statement(
        complication=dah,
        section="onset",
        onset_min=1,
        onset_max=4,
        onset_unit="days",
        onset_anchor="course_start",
    )
    make_statement(
        complication=thyroid,
        section="onset",
        onset_min=1,
        onset_unit="months",
        onset_anchor="last_course",
    )
    make_statement(
        complication=ada, section="onset", onset_max=1, onset_unit="months", onset_anchor="infusion"
    )
    return dah, thyroid, ada


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def test_a_window_with_no_stated_start_counts_as_beginning_at_its_anchor(windows):
    assert "anti-drug-antibodies" in slugs(Complication.objects.with_onset_within(days=31))
    assert "anti-drug-antibodies" in slugs(Complication.objects.with_onset_within(days=0))


def test_onset_within_days_compares_only_windows_counted_from_the_anchor_asked_for(windows):
    within = Complication.objects.with_onset_within
    assert slugs(within(days=40, anchor="last_course")) == ["thyroid-disease"]
    assert slugs(within(days=7, anchor="course_start")) == ["dah"]
    assert slugs(within(days=7, anchor="last_infusion")) == []


def test_the_api_filter_takes_the_anchor_and_says_what_each_window_is_counted_from(client, windows):
    url = "/api/v1/complications/"
    rows = client.get(url, {"onset_within_days": 40, "onset_anchor": "last_course"}).json()
    assert [row["slug"] for row in rows["results"]] == ["thyroid-disease"]
    onset = rows["results"][0]["onset"][0]["onset"]
    assert onset["anchor"] == "last_course"
    assert onset["text"] == "1 month or more after the last course"
    only_anchor = client.get(url, {"onset_anchor": "infusion"}).json()["results"]
    assert [row["slug"] for row in only_anchor] == ["anti-drug-antibodies"]


def test_an_unknown_anchor_is_a_400_naming_the_choices(client, windows):
    response = client.get("/api/v1/complications/", {"onset_anchor": "whenever"})
    assert response.status_code == 400
    assert "onset_anchor" in response.json()["errors"]


def test_a_window_without_an_anchor_is_refused_by_validation_and_by_the_database(windows):
    dah = Complication.objects.get(slug="dah")
    statement = make_statement(complication=dah, section="summary")
    statement.section, statement.onset_min, statement.onset_unit = "onset", 2, "days"
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "onset_anchor" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


def test_an_anchor_without_a_window_is_refused(windows):
    statement = make_statement(section="summary")
    statement.onset_anchor = "last_course"
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "onset_anchor" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


def test_a_patients_latency_needs_its_anchor_too(windows):
    patient = make_patient()
    link = patient.complication_links.get()
    link.onset_anchor = ""
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "onset_anchor" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PatientComplication.objects.filter(pk=link.pk).update(onset_anchor="")


def test_patient_onsets_counted_from_different_events_are_never_pooled_in_the_stats(
    client, windows
):
    dah = Complication.objects.get(slug="dah")
    on_day_4 = make_patient(complication=dah)
    after_a_year = make_patient(complication=dah)
    PatientComplication.objects.filter(patient=on_day_4).update(
        onset_latency=4, onset_anchor="course_start"
    )
    PatientComplication.objects.filter(patient=after_a_year).update(
        onset_latency=365, onset_anchor="last_course"
    )
    rows = client.get("/api/v1/stats/").json()["individual_cases"]["onset_latency"]
    dah_rows = {row["anchor"]: row for row in rows if row["complication"] == "dah"}
    assert dah_rows["course_start"]["median"] == 4
    assert dah_rows["last_course"]["median"] == 365


def test_the_page_and_the_case_table_say_what_the_onset_is_counted_from(client, windows):
    dah = Complication.objects.get(slug="dah")
    make_patient(complication=dah)
    page = client.get(dah.get_absolute_url()).content.decode()
    assert "days 1–4 of the course" in page
    assert "3 days after an infusion" in page


def test_the_csv_keeps_each_complications_onset_and_anchor_in_its_place(client, windows):
    dah, thyroid, _ = windows
    patient = make_patient(complication=dah)
    PatientComplication.objects.create(
        patient=patient, complication=thyroid, position=2, quote="A 34-year-old woman"
    )
    export = client.get(f"/api/v1/cases/{patient.pk}/", {"format": "csv"})
    [row] = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()))
    assert row["complications"] == "dah; thyroid-disease"
    assert row["onset_anchor"] == "infusion; "
    assert row["course_number"] == "1; "
