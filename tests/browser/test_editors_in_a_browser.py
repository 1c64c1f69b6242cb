"""An editor adds a case report with a patient in the admin; a reviewer publishes it."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from curation.roles import EDITORS, REVIEWERS, setup_roles

from ..factories import make_citation, make_patient, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def viewport():
    """Editors curate on a desktop: this walk-through runs at desktop width only."""
    return "desktop"


@pytest.fixture
def people():
    setup_roles()
    people = {}
    for name, group in (("edna", EDITORS), ("rita", REVIEWERS)):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        people[name] = user
    return people


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()


def choose(page, field, text):
    """Pick `text` in a Django admin autocomplete (select2) field."""
    page.locator(f'[aria-labelledby="select2-id_{field}-container"]').click()
    page.locator(f'.select2-search__field[aria-controls="select2-id_{field}-results"]').fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def run_action(page, base, path, label, action):
    page.goto(f"{base}/admin/{path}/")
    page.get_by_role("row", name=re.compile(label)).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def test_an_editor_adds_a_case_report_and_a_reviewer_publishes_it_with_what_it_needs(
    live_server, page, screenshot, people
):
    make_citation(title="A new case of DAH", slug="new-2026", status="draft")
    make_source(title="New case source", text="A 44-year-old man coughed blood on day 2.")
    base = live_server.url

    log_in(page, base, "edna")
    page.goto(f"{base}/admin/cases/report/add/")
    page.get_by_label("Slug").fill("new-case-2026")
    choose(page, "citation", "A new case of DAH")
    page.get_by_label("Kind").select_option("single_case")
    page.get_by_label("Patient count").fill("1")
    page.get_by_label("Summary").fill("A man with DAH on day 2 of the first course.")
    choose(page, "source_document", "New case source")
    page.locator("#id_quote").fill("A 44-year-old man coughed blood on day 2.")
    page.get_by_label("Status").first.select_option("in_review")
    screenshot("admin-add-report")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.get_by_role("option", name="Published")).to_have_count(0)

    page.get_by_role("link", name="add a patient").click()
    page.get_by_label("Label").fill("The patient")
    page.get_by_label("Age").fill("44")
    page.get_by_label("Sex").select_option("male")
    page.locator("#id_quote").fill("A 44-year-old man")
    page.get_by_label("Status").first.select_option("in_review")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(f"{base}/cases/")
    expect(page.locator(".result-count")).to_have_text("0 patients")

    page.context.clear_cookies()
    log_in(page, base, "rita")
    run_action(page, base, "cases/patient", "The patient", "Publish selected")
    expect(page.locator(".messagelist")).to_contain_text("Nothing was changed")
    expect(page.locator(".messagelist")).to_contain_text("needs report")
    run_action(page, base, "cases/patient", "The patient", "Publish selected with what they need")
    expect(page.get_by_text("Report: A new case of DAH")).to_be_visible()
    expect(page.get_by_text("Citation: A new case of DAH")).to_be_visible()
    screenshot("admin-publish-with-needs")
    page.get_by_role("button", name="Publish all of them").click()
    expect(page.locator(".messagelist")).to_contain_text("3 row(s) published")

    page.context.clear_cookies()
    page.goto(f"{base}/cases/")
    expect(page.locator(".result-count")).to_have_text("1 patient")
    expect(page.get_by_role("link", name="The patient")).to_be_visible()


def test_an_editors_change_to_a_published_patient_waits_until_a_reviewer_approves_it(
    live_server, page, screenshot, people
):
    patient = make_patient(label="Patient A", age=34)
    base = live_server.url

    log_in(page, base, "edna")
    page.goto(f"{base}/admin/cases/patient/{patient.pk}/change/")
    expect(page.get_by_text("When you save a change, it waits for a reviewer")).to_be_visible()
    page.get_by_label("Age").fill("35")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("waits for a reviewer")

    page.context.clear_cookies()
    page.goto(f"{base}/cases/{patient.pk}/")
    expect(page.get_by_text("34 years")).to_be_visible()
    expect(page.get_by_text("35 years")).to_have_count(0)

    log_in(page, base, "rita")
    page.goto(f"{base}/admin/curation/pendingchange/")
    page.get_by_role("link", name=re.compile("Patient A")).click()
    expect(page.get_by_role("row", name=re.compile("Age"))).to_contain_text("35")
    screenshot("admin-review-a-change")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved")

    page.context.clear_cookies()
    page.goto(f"{base}/cases/{patient.pk}/")
    expect(page.get_by_text("35 years")).to_be_visible()
