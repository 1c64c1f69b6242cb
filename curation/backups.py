"""Backups of the whole database: pg_dump/pg_restore on PostgreSQL, SQLite's backup API.

A PostgreSQL restore runs in one transaction, so a restore that fails part-way leaves the
database as it was; a SQLite restore copies the backup page by page under SQLite's own lock.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.utils import timezone

from curation.models import ContentVersion

BACKUP_DIR = Path(settings.BASE_DIR) / "backups"


def default_path():
    suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    return BACKUP_DIR / f"alemkb-{datetime.now(UTC):%Y%m%d-%H%M%S}.{suffix}"


def postgres_command(program, *args):
    """A pg_dump or pg_restore command line for the default database, and its environment."""
    if shutil.which(program) is None:
        raise CommandError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    options = [f"--dbname={db['NAME']}", "--no-owner", "--no-privileges"]
    if db.get("HOST"):
        options.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        options.append(f"--port={db['PORT']}")
    if db.get("USER"):
        options.append(f"--username={db['USER']}")
    return [program, *options, *args], env


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        run(*postgres_command("pg_dump", "--format=custom", f"--file={path}"))
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
    return path


def version_now():
    """The content version, or 0 where there is none yet (an empty database)."""
    try:
        return ContentVersion.number_now()
    except DatabaseError:
        return 0


def restore(path):
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"No backup at {path}.")
    before = version_now()
    copy_in(path)
    # The backup holds an older content version. Cached answers and kept parts are keyed by
    # it, so numbers already used before the restore must not come back: the restored
    # content takes a number above both, and nothing cached before it is ever served again.
    ContentVersion.objects.update_or_create(
        pk=1, defaults={"number": max(before, version_now()) + 1, "changed_at": timezone.now()}
    )


def copy_in(path):
    if connection.vendor == "postgresql":
        run(
            *postgres_command(
                "pg_restore", "--clean", "--if-exists", "--single-transaction", str(path)
            )
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        raise CommandError(f"Restores into {connection.vendor} databases are not supported.")
