"""Every page works under the Content-Security-Policy: the browser reports no violation.

Chromium logs each blocked script, style, image or connection to the console; a page that
needed 'unsafe-inline' or 'unsafe-eval' would show up here.
"""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from complications.models import Statement

from .test_pages_in_a_browser import knowledge_base  # noqa: F401 (a fixture, used by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
PUBLIC_PAGES = [
    "/",
    "/complications/dah/",
    "/cases/",
    "/citations/",
    "/search/?q=haemoptysis",
    "/sources/zhao-2025/",
    "/api/docs/",
    "/api/v1/complications/",
    "/admin/login/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/complications/statement/",
    "/admin/complications/statement/{statement}/change/",
    "/admin/complications/statement/{statement}/history/",
    "/admin/cases/patient/add/",
    "/admin/complications/citation/add/",
]


@pytest.fixture
def viewport():
    return "desktop"


@pytest.fixture
def violations(page):
    seen = []

    def note(message):
        if "Content Security Policy" in message.text:
            seen.append(f"{page.url}: {message.text}")

    page.on("console", note)
    page.on("pageerror", lambda error: seen.append(f"{page.url}: {error}"))
    return seen


@pytest.mark.usefixtures("knowledge_base")
def test_no_page_reports_a_content_security_policy_violation(live_server, page, violations):
    for path in PUBLIC_PAGES:
        response = page.goto(live_server.url + path)
        assert response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    User.objects.create_superuser("root", password=PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()
    statement = Statement.objects.first().pk
    for path in ADMIN_PAGES:
        response = page.goto(live_server.url + path.format(statement=statement))
        assert response.ok, path
        page.wait_for_load_state("networkidle")
    # The admin's own scripts ran: the inline "Add another" rows and autocompletes work.
    page.goto(f"{live_server.url}/admin/cases/patient/add/")
    expect(page.locator(".select2-container").first).to_be_visible()

    assert violations == []
