"""/api/docs/ renders in headless chromium from our own files: no request leaves the machine."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def test_the_api_docs_render_without_any_request_leaving_the_machine(live_server, page):
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/cases/" in paths
    assert "/api/v1/stats/" in paths
    assert hosts and set(hosts) <= LOCAL_HOSTS, sorted(set(hosts))
