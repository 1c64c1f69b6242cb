"""The served pages, as a clinician's browser shows them."""

import pytest

from ..factories import make_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinician_reaches_a_complication_and_reveals_the_quote(live_server, page):
    statement = make_statement(text="It begins within days.")
    page.goto(live_server.url)
    page.get_by_role("link", name=statement.complication.name).click()
    assert page.get_by_role("heading", level=1).inner_text() == statement.complication.name
    quote = page.locator("blockquote", has_text=statement.quote)
    assert not quote.is_visible()
    page.get_by_text("Source", exact=True).click()
    assert quote.is_visible()


def test_the_stylesheet_is_served_from_the_static_manifest(live_server, page):
    make_statement()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(live_server.url)
    css = [r for r in responses if r.url.endswith(".css")]
    assert css and all(r.status == 200 for r in css)
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
