"""The real DAH page, printed for a ward round: key points, chart and legend, every statement
with where its quote is, in at most six A4 pages. (Loads the seed fixtures: it checks them.)"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desktop_page(browser):
    # Printing does not depend on the screen's width: one page, not one per viewport.
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    yield context.new_page()
    context.close()


def test_the_seeded_dah_page_prints_on_at_most_six_a4_pages(live_server, desktop_page):
    page = desktop_page
    call_command("seed", verbosity=0)
    page.goto(f"{live_server.url}/complications/dah/")
    page.emulate_media(media="print")
    expect(page.locator("#key-points li")).to_have_count(8)
    expect(page.locator(".risk-chart figcaption .legend-key").first).to_be_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages
