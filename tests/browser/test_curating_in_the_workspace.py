"""An editor curates a new (made-up, TEST) abstract in the workspace by selecting passages; a
reviewer asks for a change, the editor makes it, the reviewer accepts; the public sees it.

The test counts the user's actions: clicks, selections, and entries into fields other than
free text (one per field, however many keystrokes). The same work in the admin took 108.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Patient

from ..factories import make_complication, make_intervention, make_source
from .test_editors_in_a_browser import log_in, people  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("people"),  # edna the editor and rita the reviewer
]

ABSTRACT = (
    "TEST ONLY: a made-up abstract, not a real patient.\n\n"
    "We report a 28-year-old woman with relapsing-remitting multiple sclerosis who developed "
    "immune thrombocytopenia 5 months after her second course of alemtuzumab.\n\n"
    "She was treated with prednisolone, and her platelet count recovered within weeks."
)
RIS = (
    "TY  - JOUR\nTI  - Thrombocytopenia after alemtuzumab: a made-up case (TEST)\n"
    "AU  - Testperson, Ada\nJO  - Test J\nPY  - 2026\nER  - \n"
)


class Counter:
    def __init__(self):
        self.actions = []

    def __call__(self, what):
        self.actions.append(what)

    def __len__(self):
        return len(self.actions)


@pytest.fixture
def viewport():
    return "desktop"


def select_in_text(page, passage):
    """Select `passage` in the marked text of a source page, as a mouse drag would."""
    page.evaluate(
        """(passage) => {
            const box = document.getElementById("source-text");
            const text = box.textContent;
            const start = text.indexOf(passage), end = start + passage.length;
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let count = 0;
            while (walker.nextNode()) {
                const node = walker.currentNode, length = node.nodeValue.length;
                if (start >= count && start <= count + length) range.setStart(node, start - count);
                if (end >= count && end <= count + length) {
                    range.setEnd(node, end - count);
                    break;
                }
                count += length;
            }
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        passage,
    )


def select_in_source(page, passage):
    """Select `passage` in the case report screen's source text, as a mouse drag would."""
    page.locator("#source-selection").evaluate(
        """(box, passage) => {
            const start = box.value.indexOf(passage);
            box.focus();
            box.setSelectionRange(start, start + passage.length);
            box.dispatchEvent(new Event("mouseup"));
        }""",
        passage,
    )


def use_selection_for(page, act, field_label, passage):
    select_in_source(page, passage)
    act("select")
    page.locator(".field", has=page.get_by_label(field_label, exact=True)).get_by_role(
        "button", name="Use selection"
    ).click()
    act("click")
    expect(page.get_by_label(field_label, exact=True)).to_have_value(passage)


def test_an_editor_curates_a_new_abstract_into_a_case_report_and_a_reviewer_accepts_it(
    live_server, page, screenshot, accessible
):
    source = make_source(
        title="TEST abstract: thrombocytopenia", slug="test-abstract", text=ABSTRACT
    )
    make_complication(name="Immune thrombocytopenia", slug="itp")
    make_intervention("prednisolone")
    base = live_server.url
    act = Counter()

    # The editor reads the source in the workspace and starts from the report's passage.
    log_in(page, base, "edna")
    page.goto(f"{base}/curate/")
    accessible()
    screenshot("workspace")
    page.get_by_role("link", name="TEST abstract: thrombocytopenia").click()
    act("click")
    accessible()
    select_in_text(page, "We report a 28-year-old woman")
    act("select")
    page.get_by_role("link", name="A new case report").click()
    act("click")
    expect(page.get_by_label("Quote: what and how many")).to_have_value(
        "We report a 28-year-old woman"
    )

    # The case report on one screen.
    page.get_by_label("Paste its record (RIS, BibTeX or PubMed MEDLINE)").fill(RIS)
    act("paste")
    page.get_by_label("Summary", exact=True).fill(
        "A made-up woman with ITP after her second course (TEST)."
    )
    page.get_by_label("Age", exact=True).fill("28")
    act("age")
    page.get_by_label("Sex", exact=True).select_option("female")
    act("sex")
    page.get_by_label("Disease", exact=True).select_option("rrms")
    act("disease")
    use_selection_for(
        page,
        act,
        "Quote: the passage describing the patient",
        "a 28-year-old woman with relapsing-remitting multiple sclerosis",
    )
    page.get_by_label("Complication", exact=True).select_option(label="Immune thrombocytopenia")
    act("complication")
    page.get_by_label("Onset after", exact=True).fill("5")
    act("onset")
    page.get_by_label("Unit", exact=True).select_option("months")
    act("unit")
    page.get_by_label("Counted from", exact=True).select_option("last_course")
    act("anchor")
    use_selection_for(
        page,
        act,
        "Quote: the complication and its onset",
        "developed immune thrombocytopenia 5 months after her second course of alemtuzumab",
    )
    page.get_by_label("Treatment", exact=True).select_option(label="prednisolone")
    act("treatment")
    use_selection_for(page, act, "Quote: the treatment", "She was treated with prednisolone")
    page.get_by_label("Outcome", exact=True).select_option("resolved")
    act("outcome")
    use_selection_for(page, act, "Quote: the outcome", "her platelet count recovered within weeks")
    accessible()
    screenshot("workspace-case-report")
    page.get_by_role("button", name="Save and submit for review").click()
    act("click")
    expect(page.locator(".messages")).to_contain_text("submitted for review")
    curating = len(act)

    # The reviewer asks for a change.
    page.context.clear_cookies()
    log_in(page, base, "rita")
    page.goto(f"{base}/curate/")
    page.get_by_role("link", name=re.compile("Case report: Testperson")).first.click()
    act("click")
    expect(page.locator(".quotes-in-context mark").first).to_be_visible()
    accessible()
    screenshot("workspace-review")
    page.get_by_label("Comment for the editor").fill("The abstract says 28; please check the age.")
    page.get_by_role("button", name="Ask for changes").click()
    act("click")
    expect(page.locator(".messages")).to_contain_text("Sent back")

    # The editor sees the comment and fixes the patient.
    page.context.clear_cookies()
    log_in(page, base, "edna")
    page.goto(f"{base}/curate/")
    page.get_by_role("link", name=re.compile("Case report: Testperson")).first.click()
    act("click")
    expect(page.get_by_text("please check the age")).to_be_visible()
    page.get_by_role("link", name="Edit this patient and its report").click()
    act("click")
    expect(page.get_by_label("Quote: the treatment")).to_have_value(
        "She was treated with prednisolone"
    )
    page.get_by_label("Age", exact=True).fill("29")
    act("age")
    page.get_by_role("button", name="Save and submit for review").click()
    act("click")
    expect(page.locator(".messages")).to_contain_text("submitted for review")

    # The reviewer accepts: everything in the change set is published.
    page.context.clear_cookies()
    log_in(page, base, "rita")
    page.goto(f"{base}/curate/")
    page.get_by_role("link", name=re.compile("Case report: Testperson")).first.click()
    act("click")
    page.get_by_role("button", name="Accept and publish").click()
    act("click")
    expect(page.locator(".messages")).to_contain_text("published")

    # The public sees the case, and the source page marks its passages.
    page.context.clear_cookies()
    patient = Patient.objects.get(report__source_document=source)
    page.goto(f"{base}/cases/{patient.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("29")
    expect(page.get_by_text("Immune thrombocytopenia").first).to_be_visible()
    page.goto(f"{base}/sources/test-abstract/")
    expect(page.locator("mark", has_text="She was treated with prednisolone")).to_be_visible()
    screenshot("workspace-published-source")

    print(f"\nactions: {curating} to curate and submit, {len(act)} in all: {act.actions}")
    # README gives these figures: change both together.
    assert curating == 22
    assert len(act) == 30


def test_a_quote_can_be_taken_with_the_keyboard_alone(live_server, page):
    make_source(title="TEST keyboard", slug="test-keyboard", text=ABSTRACT)
    base = live_server.url
    log_in(page, base, "edna")
    page.goto(f"{base}/curate/sources/test-keyboard/case-report/")
    box = page.locator("#source-selection")
    box.focus()
    page.keyboard.press("Control+Home")
    for _ in range(len("TEST ONLY")):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.up("Shift")
    button = page.locator(".field", has=page.get_by_label("Quote: what and how many")).get_by_role(
        "button", name="Use selection"
    )
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Quote: what and how many")).to_have_value("TEST ONLY")
    expect(page.locator("#id_report_quote_start")).to_have_value("0")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_workspace_pages_are_accessible_at_desktop_and_phone_widths(
    live_server, browser, width
):
    from .conftest import SCREENSHOTS, VIEWPORTS

    make_source(title="TEST abstract", slug="test-widths", text=ABSTRACT)
    context = browser.new_context(viewport=VIEWPORTS[width])
    page = context.new_page()
    base = live_server.url
    log_in(page, base, "rita")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    from axe_playwright_python.sync_playwright import Axe

    for name, path in (
        ("index", "/curate/"),
        ("source", "/curate/sources/test-widths/"),
        ("case-report", "/curate/sources/test-widths/case-report/"),
        ("change-sets", "/curate/changes/"),
        ("passage", "/curate/sources/test-widths/new/statement/?start=0&end=9"),
    ):
        page.goto(base + path)
        violations = Axe().run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{path}: {serious}"
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{path} scrolls sideways at {width}"
        page.screenshot(path=str(SCREENSHOTS / f"workspace-{name}-{width}.png"), full_page=True)
    context.close()


def test_a_selection_after_a_character_outside_the_basic_plane_keeps_its_place(live_server, page):
    text = "TEST: the 𝑝 value was small. She was treated with prednisolone."
    make_source(title="TEST astral", slug="test-astral", text=text)
    log_in(page, live_server.url, "edna")
    page.goto(f"{live_server.url}/curate/sources/test-astral/case-report/")
    select_in_source(page, "She was treated with prednisolone")
    field = page.locator(".field", has=page.get_by_label("Quote: what and how many"))
    field.get_by_role("button", name="Use selection").click()
    start = page.locator("#id_report_quote_start").input_value()
    assert int(start) == text.index("She was treated with prednisolone")  # code points
