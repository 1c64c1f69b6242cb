"""A backup restored into an empty database holds every row and every history record."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from complications.models import Complication, Statement
from curation.models import ContentVersion

from .factories import make_patient, make_statement

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(transactional_db):
    """Committed content with a history of edits (pg_dump sees only committed rows)."""
    statement = make_statement(text="First wording.")
    make_patient(complication=statement.complication)
    statement.text = "Second wording."
    statement.save()
    User.objects.create_user("edith", password="x" * 20, is_staff=True)
    return statement


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def restore_into(database_url, backup):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup), "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def empty_database(tmp_path):
    """A URL for an empty database of the kind the tests run on, and a way to open it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    server = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    )
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}", lambda: psycopg.connect(f"{server}/{name}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_holds_every_row_and_every_history_record(
    content, empty_database, tmp_path
):
    backup = tmp_path / "alemkb.backup"
    call_command("backup", str(backup))
    url, connect = empty_database
    restore_into(url, backup)

    tables = connection.introspection.table_names()  # every table: content, history, users
    with connection.cursor() as cursor:
        expected = row_counts(cursor, tables)
    restored_connection = connect()
    try:
        restored = row_counts(restored_connection.cursor(), tables)
        cursor = restored_connection.cursor()
        cursor.execute("SELECT text FROM complications_historicalstatement ORDER BY history_id")
        wordings = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT number FROM curation_contentversion")
        [(restored_version,)] = cursor.fetchall()
    finally:
        restored_connection.close()

    assert restored == expected
    assert expected["complications_historicalstatement"] == 2
    assert wordings == ["First wording.", "Second wording."]
    # Above every number used before, so nothing cached under one is served again.
    assert restored_version == ContentVersion.number_now() + 1
    assert expected["auth_user"] == 1 and expected["cases_patient"] == 1


def test_restoring_a_missing_file_changes_nothing_and_says_why(content):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", "/nonexistent/alemkb.backup", interactive=False)
    assert Statement.objects.get(pk=content.pk).text == "Second wording."
    assert Complication.objects.count() == 1
