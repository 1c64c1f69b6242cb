"""Playwright driving Debian's chromium against the live test server.

Locally, a machine without chromium skips these tests; with ALEMKB_REQUIRE_BROWSER=1 (set by
.ci/run) a missing browser is a failure instead. Screenshots of every page visited go to
test-results/screenshots/ (git-ignored), at desktop and phone widths, for a reviewer to look at.
"""

import os
import shutil
from pathlib import Path
from unittest import mock

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("ALEMKB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and ALEMKB_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test server and the ORM
    # calls in the test are synchronous, which Django would otherwise refuse beside a loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.viewport_name = viewport
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("home") saves the whole page as <test>-home-<viewport>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name):
        path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def accessible(page):
    """accessible() runs axe-core on the current page and fails on serious or critical issues."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check():
        violations = axe.run(page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{page.url}:\n" + "\n".join(serious)

    return check


@pytest.fixture(scope="session", autouse=True)
def static_files_as_in_production():
    """Serve static files through WhiteNoise from the collected, hashed files, as production does.

    pytest-django's live server otherwise serves them with staticfiles' finders, which know
    nothing of the manifest's hashed names that the pages link to.
    """
    with mock.patch(
        "django.contrib.staticfiles.handlers.StaticFilesHandler", lambda application: application
    ):
        yield
