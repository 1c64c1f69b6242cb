"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly these variables set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import alemkb.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = load_settings(SECRET_KEY="x", ALLOWED_HOSTS="example.org")
    assert result.stdout.startswith("False")


def test_development_runs_without_a_secret_key_on_sqlite_by_default():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_a_debug_value_that_is_not_a_boolean_is_an_error(value):
    result = load_settings(DEBUG=value, SECRET_KEY="x")
    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


def test_a_malformed_database_url_is_an_error():
    result = load_settings(DEBUG="1", DATABASE_URL="nosuchdb://what")
    assert result.returncode != 0
    assert "DATABASE_URL is not a valid database URL" in result.stderr


def test_production_needs_allowed_hosts():
    result = load_settings(DEBUG="0", SECRET_KEY="x")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_postgresql_is_chosen_by_database_url():
    result = load_settings(DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/alemkb")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


@pytest.mark.parametrize("name", ["REDIS_URL", "THROTTLE_REDIS_URL"])
def test_a_redis_url_that_is_not_one_is_an_error(name):
    result = load_settings(DEBUG="1", **{name: "127.0.0.1:6379"})
    assert result.returncode != 0
    assert f"{name}='127.0.0.1:6379' is not a Redis URL" in result.stderr


def test_rate_records_can_live_in_a_redis_of_their_own():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import alemkb.settings as s; "
            "print(s.CACHES['throttle']['LOCATION'], s.CACHES['default']['LOCATION'])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "1",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "THROTTLE_REDIS_URL": "redis://127.0.0.1:6380/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["redis://127.0.0.1:6380/0", "redis://127.0.0.1:6379/0"]
