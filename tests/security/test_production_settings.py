"""Production settings pass Django's deployment checks and send the security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "SECURE_COOKIES"}}
    return {
        **env,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "alemkb.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        **extra,
    }


def run_python(code, env):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_prints_no_warning_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper()


def test_production_cookies_are_secure_and_hidden_from_scripts():
    code = (
        "from alemkb import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run_python(code, production_env())
    assert result.stdout.split() == ["True", "True", "True", "True", "True"], result.stderr


def test_a_negative_lockout_limit_is_refused_at_start():
    result = run_python("import alemkb.settings", production_env(AXES_FAILURE_LIMIT="-1"))
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT='-1' must be at least 1" in result.stderr


def test_https_requests_behind_the_proxy_are_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/cases/",
        "/search/?q=rash",
        "/api/v1/complications/",
        "/api/v1/nothing-here/",
        "/api/docs/",
        "/admin/login/",
        "/no-such-page/",
    ],
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
