"""How alemtuzumab is given, and schedules (what is monitored or given, how often, for how
long, counted from what) held as numbers where the sources state them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from curation.models import Status

from .factories import make_course_statement, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_the_courses_page_shows_published_course_statements_with_their_numbers(client):
    make_course_statement(
        text="Five daily infusions in the first year.", course_number=1, infusion_days=5
    )
    make_course_statement(text="Secretdraftcourse.", status=Status.DRAFT)
    page = client.get("/courses/").content.decode()
    assert "Five daily infusions in the first year." in page
    assert "course 1: 5 daily infusions" in page
    assert "Secretdraftcourse" not in page


def test_the_courses_api_gives_the_numbers_as_numbers(client):
    make_course_statement(
        key="second-course",
        course_number=2,
        infusion_days=3,
        daily_dose_mg=12,
        after_previous_value=12,
        after_previous_unit="months",
    )
    [row] = client.get("/api/v1/courses/").json()["results"]
    assert row["key"] == "second-course"
    assert (row["course_number"], row["infusion_days"]) == (2, 3)
    assert Decimal(row["daily_dose_mg"]) == 12
    assert (Decimal(row["after_previous_value"]), row["after_previous_unit"]) == (12, "months")
    assert row["text_figures"] == (
        "course 2: 3 daily infusions, 12 mg a day, 12 months after the previous course"
    )


def test_an_interval_without_a_unit_is_refused_for_a_course(client):
    course = make_course_statement()
    course.after_previous_value = 1
    with pytest.raises(ValidationError):
        course.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        course.save()


def test_a_schedule_is_shown_in_words_and_given_as_numbers(client):
    statement = make_statement(
        section="management",
        measure="antiviral prophylaxis",
        duration_min=6,
        duration_max=6,
        duration_unit="weeks",
        counted_from="not_stated",
        approximate=True,
    )
    assert statement.schedule_text == "antiviral prophylaxis: for about 6 weeks"
    page = client.get(statement.complication.get_absolute_url()).content.decode()
    assert "antiviral prophylaxis: for about 6 weeks" in page
    detail = client.get(f"/api/v1/complications/{statement.complication.slug}/").json()
    schedule = detail["sections"]["management"][0]["schedule"]
    assert schedule["measure"] == "antiviral prophylaxis"
    assert (Decimal(schedule["duration_min"]), Decimal(schedule["duration_max"])) == (6, 6)
    assert schedule["duration_unit"] == "weeks"
    assert schedule["counted_from"] == "not_stated"


def test_an_open_ended_duration_reads_at_least():
    statement = make_statement(
        section="monitoring",
        measure="blood and urine tests",
        interval_value=1,
        interval_unit="months",
        duration_min=4,
        duration_unit="years",
        counted_from="last_course",
    )
    assert statement.schedule_text == (
        "blood and urine tests: every month, for at least 4 years, counted from the last course"
    )


def test_a_schedule_names_what_is_monitored_or_given(client):
    statement = make_statement(section="monitoring")
    statement.interval_value, statement.interval_unit = 1, "months"
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "measure" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


def test_a_second_hand_statement_says_what_kind_of_document_reports_it(client):
    source = make_source(title="A blog post")
    statement = make_statement(
        source=source,
        evidence_kind="regulatory_label",
        attribution="second_hand",
        text="It is in the label.",
    )
    page = client.get(statement.complication.get_absolute_url()).content.decode()
    assert "Regulatory label, reported in a blog post</span>" in page


def test_a_course_statements_links_land_on_it_and_on_its_quote_in_the_source(client):
    course = make_course_statement()
    url, fragment = course.get_absolute_url().split("#")
    assert f'id="{fragment}"' in client.get(url).content.decode()
    source = course.source_document
    assert f"#coursestatement-{course.pk}-quote" in client.get(url).content.decode()
    source_page = client.get(source.get_absolute_url()).content.decode()
    assert f'id="coursestatement-{course.pk}-quote"' in source_page
