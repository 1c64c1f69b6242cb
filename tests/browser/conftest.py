"""Playwright driving Debian's chromium against the live test server.

Locally, a machine without chromium skips these tests; with ALEMKB_REQUIRE_BROWSER=1 (set by
.ci/run) a missing browser is a failure instead.
"""

import os
import shutil
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


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


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
