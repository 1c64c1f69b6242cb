"""A clinician's walk through the site in chromium, at desktop and phone widths.

Every page visited is checked with axe-core (no serious or critical violation) and saved as a
screenshot under test-results/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from complications.models import CitationAuthor

from ..factories import (
    make_citation,
    make_complication,
    make_intervention,
    make_patient,
    make_report,
    make_source,
    make_statement,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOURCE_TEXT = (
    "Diffuse alveolar haemorrhage after alemtuzumab\n\n"
    "A 29-year-old woman developed haemoptysis on day 4 of her first course. "
    "CT showed ground glass changes. She was treated with supportive care and recovered.\n"
    "Retreatment a year later was well tolerated.\n"
    "About the author\n\nReader: I had a cough after my infusion too."
)


@pytest.fixture
def knowledge_base():
    source = make_source(
        slug="zhao-2025", title="Retreatment after DAH", kind="journal_article", text=SOURCE_TEXT
    )
    citation = make_citation(
        slug="zhao-2025",
        title="Successful alemtuzumab retreatment after DAH",
        journal="Mult Scler J",
        year=2025,
        doi="10.1177/13524585251365791",
    )
    CitationAuthor.objects.create(citation=citation, position=1, family="Zhao", given="DH")
    dah = make_complication(
        slug="dah",
        name="Diffuse alveolar haemorrhage",
        abbreviation="DAH",
        category="haemorrhagic_vascular",
    )
    thyroid = make_complication(slug="thyroid-disease", name="Autoimmune thyroid disease")
    make_statement(
        complication=dah,
        source=source,
        citation=citation,
        section="summary",
        text="A rare, serious complication of the first days.",
        quote="developed haemoptysis on day 4 of her first course",
        key_point=1,
    )
    make_statement(
        complication=dah,
        source=source,
        citation=citation,
        section="onset",
        onset_min=1,
        onset_max=4,
        onset_unit="days",
        text="Symptoms within days 1–4.",
        quote="on day 4 of her first course",
        key_point=2,
    )
    make_statement(
        complication=dah,
        source=source,
        citation=citation,
        section="retreatment",
        text="Retreatment was tolerated in one patient.",
        quote="Retreatment a year later was well tolerated.",
        key_point=3,
    )
    make_statement(
        complication=thyroid,
        source=source,
        section="onset",
        onset_min=1,
        onset_unit="months",
        evidence_kind="expert_opinion",
        text="Months to years later.",
        quote="CT showed ground glass changes.",
    )
    report = make_report(citation=citation, source=source, quote="A 29-year-old woman")
    patient = make_patient(
        report=report,
        complication=dah,
        age=29,
        label="The patient",
        quote="A 29-year-old woman",
        outcome="resolved",
        outcome_quote="She was treated with supportive care and recovered.",
        prior=[make_intervention("natalizumab")],
    )
    make_patient(complication=thyroid, age=None, sex="male", label="Patient 2")
    return {"dah": dah, "patient": patient, "source": source, "citation": citation}


def test_a_clinician_follows_a_complication_from_the_chart_and_reads_a_quote(
    live_server, page, screenshot, accessible, knowledge_base
):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Complications of alemtuzumab")
    accessible()
    screenshot("home")
    page.locator(".risk-chart a:visible", has_text="Diffuse alveolar haemorrhage").first.click()
    expect(page).to_have_url(re.compile(r"/complications/dah/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Diffuse alveolar haemorrhage (DAH)")
    accessible()
    screenshot("complication")
    quote = page.locator("#summary blockquote")
    expect(quote).to_be_hidden()
    # A section folds under one line; each statement's quote under another.
    page.locator("#summary summary", has_text="statement").click()
    page.locator("#summary summary", has_text="Quote from the source").first.click()
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("developed haemoptysis on day 4")


def test_the_key_points_are_read_first_within_the_first_screen(live_server, page, knowledge_base):
    page.goto(f"{live_server.url}/complications/dah/")
    points = page.locator("#key-points li")
    expect(points).to_have_count(3)
    expect(points.first).to_contain_text("A rare, serious complication of the first days.")
    first_screen = page.viewport_size["height"]
    assert page.locator("#key-points").bounding_box()["y"] < first_screen
    assert points.first.bounding_box()["y"] + points.first.bounding_box()["height"] < first_screen
    # "more" opens the folded section at the statement, with its quote a click away.
    points.nth(2).get_by_role("link", name=re.compile("Key point 3 in its section")).click()
    expect(page.locator("#retreatment li.statement").first).to_be_visible()


def test_a_clinician_asks_what_can_begin_three_days_into_a_course(
    live_server, page, screenshot, accessible, knowledge_base
):
    page.goto(live_server.url)
    page.get_by_role("link", name="Which complications can begin at a given time").click()
    page.get_by_label("Time").fill("3")
    page.get_by_label("Unit").select_option("days")
    page.get_by_label("After").select_option("course_start")
    page.get_by_role("button", name="Show complications").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "3 days after the start of the course"
    )
    expect(page.get_by_role("link", name="Diffuse alveolar haemorrhage")).to_be_visible()
    accessible()
    screenshot("time-since-course")


def test_a_clinician_filters_the_reported_cases(
    live_server, page, screenshot, accessible, knowledge_base
):
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator(".result-count")).to_have_text("2 patients")
    # The filters fold away behind one line, so that the patients come first on a phone.
    expect(page.get_by_label("Complication")).to_be_hidden()
    page.locator("summary", has_text="Filter patients").click()
    page.get_by_label("Complication").select_option(label="Diffuse alveolar haemorrhage")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"complication=dah"))
    expect(page.locator(".result-count")).to_have_text("1 patient")
    expect(page.get_by_role("link", name="The patient")).to_be_visible()
    accessible()
    screenshot("cases-filtered")
    page.get_by_role("link", name="The patient").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("— woman, 29")
    accessible()
    screenshot("case")


def test_pages_and_case_tables_fit_the_screen_without_sideways_scrolling(
    live_server, page, knowledge_base
):
    width = page.viewport_size["width"]
    for url in ["/cases/", "/complications/dah/"]:
        page.goto(f"{live_server.url}{url}")
        table = page.locator("table.cases").first
        expect(table).to_be_visible()
        assert table.bounding_box()["width"] <= width, url
    for url in ["/", "/cases/", "/complications/dah/", "/courses/", "/about/", "/citations/"]:
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    # On a phone the chart is one strip per complication, each with its own small axis.
    page.goto(live_server.url)
    strips = page.locator(".chart-strip")
    if page.viewport_name == "phone":
        expect(strips.first).to_be_visible()
        expect(page.locator(".chart-scroll")).to_be_hidden()
        assert strips.first.locator("svg").bounding_box()["width"] <= width
    else:
        expect(strips.first).to_be_hidden()


def test_a_clinician_searches_and_sees_the_words_highlighted(
    live_server, page, screenshot, accessible, knowledge_base
):
    page.goto(live_server.url)
    search = page.get_by_role("search").get_by_label("Search AlemKB")
    search.fill("haemoptysis")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=haemoptysis"))
    expect(page.locator("mark").first).to_have_text(re.compile("haemoptysis", re.I))
    accessible()
    screenshot("search")


def test_a_clinician_opens_a_source_with_its_highlights(
    live_server, page, screenshot, accessible, knowledge_base
):
    page.goto(f"{live_server.url}/complications/dah/")
    page.locator("#retreatment summary", has_text="statement").click()
    page.locator("#retreatment summary", has_text="Quote from the source").first.click()
    page.locator("#retreatment").get_by_role("link", name=re.compile("See it in")).click()
    expect(page).to_have_url(re.compile(r"/sources/zhao-2025/#statement-\d+-quote$"))
    expect(page.locator("article mark", has_text="Retreatment a year later")).to_be_visible()
    expect(page.locator(".reader-comments")).to_contain_text("Not evidence")
    accessible()
    screenshot("source")


def test_the_other_pages_pass_the_accessibility_check(
    live_server, page, screenshot, accessible, knowledge_base
):
    for name, path in [
        ("references", "/citations/"),
        ("citation", knowledge_base["citation"].get_absolute_url()),
        ("report", knowledge_base["patient"].report.get_absolute_url()),
        ("not-found", "/no-such-page/"),
        ("about", "/about/"),
        ("courses", "/courses/"),
        ("time-since-course", "/time-since-course/?amount=2&unit=months&since=last_course"),
        ("search-without-results", "/search/?q=listeria"),
    ]:
        page.goto(f"{live_server.url}{path}")
        accessible()
        screenshot(name)


def test_a_complication_page_prints_without_navigation(live_server, page, knowledge_base):
    page.goto(f"{live_server.url}/complications/dah/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    # Folded sections print open; each statement names where its quote is.
    expect(page.locator("#summary li.statement").first).to_be_visible()
    expect(page.locator("#summary details.quote p").first).to_be_visible()
    expect(page.locator("#key-points")).to_be_visible()
    page.pdf() if page.viewport_name == "desktop" else None


def test_a_researcher_finds_a_data_release_and_how_to_cite_it(
    live_server, page, screenshot, accessible, knowledge_base, settings, tmp_path
):
    from django.core.management import call_command

    settings.DOWNLOADS_DIR = tmp_path
    call_command("release", verbosity=0)
    page.goto(live_server.url)
    page.get_by_role("link", name="Downloads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data releases")
    expect(page.locator("blockquote").first).to_contain_text("AlemKB contributors")
    expect(page.get_by_role("link", name="patient-complications.csv")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    accessible()
    screenshot("downloads")
