"""`manage.py seed` (run by `make run`) fills an empty database and never overwrites content."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from complications.models import Complication, SourceDocument

from .factories import make_complication

ROOT = Path(__file__).resolve().parent.parent


def test_the_source_documents_fixture_holds_the_seed_files_verbatim(seeds_dir):
    fixture = json.loads((settings.SEED_FIXTURES_DIR / "001_source_documents.json").read_text())
    texts = {row["fields"]["seed_file"]: row["fields"]["text"] for row in fixture}
    seed_files = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(texts) == seed_files
    for name in seed_files:
        assert texts[name] == (seeds_dir / name).read_text(encoding="utf-8"), name


@pytest.mark.django_db
def test_seeding_an_empty_database_loads_the_fixtures():
    out = StringIO()
    call_command("seed", stdout=out)
    assert "Seeded the database" in out.getvalue()
    assert SourceDocument.objects.published().count() == 5
    assert Complication.objects.published().filter(slug="hlh").exists()


@pytest.mark.django_db
def test_seeding_anchors_every_seeded_quote_where_it_stands_in_its_source():
    from curation.models import QuoteAnchor
    from curation.registry import quoted_models

    call_command("seed", stdout=StringIO())
    quotes = 0
    for model in quoted_models():
        for row in model.objects.all():
            source = model.provenance.source_of(row)
            for field in model.provenance.quote_fields:
                if getattr(row, field):
                    quotes += 1
                    anchor = row.quote_anchors.get(field=field)
                    assert source.text[anchor.start : anchor.end] == getattr(row, field)
    assert quotes > 50
    assert QuoteAnchor.objects.count() == quotes
    assert not QuoteAnchor.objects.filter(lost_at__isnull=False).exists()


@pytest.mark.django_db
def test_seeding_a_database_with_any_content_changes_nothing_and_says_so():
    make_complication(slug="hlh", name="Edited by hand")
    out = StringIO()
    call_command("seed", stdout=out)
    assert "seeding skipped" in out.getvalue()
    assert SourceDocument.objects.count() == 0
    assert Complication.objects.get().name == "Edited by hand"


def manage(database, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_editors_change_survives_make_run_seeding_again(tmp_path):
    """The steps `make run` takes, twice, on a database file, with an edit in between."""
    database = tmp_path / "db.sqlite3"
    manage(database, "migrate", "--noinput", "-v0")
    assert "Seeded the database" in manage(database, "seed")
    edit = (
        "from complications.models import Statement; s = Statement.objects.order_by('pk').first(); "
        "s.text = 'Edited by an editor'; s.save()"
    )
    manage(database, "shell", "-v0", "-c", edit)
    manage(database, "migrate", "--noinput", "-v0")
    assert "seeding skipped" in manage(database, "seed")
    check = (
        "from complications.models import Statement; "
        "print(Statement.objects.order_by('pk').first().text)"
    )
    assert manage(database, "shell", "-v0", "-c", check).strip() == "Edited by an editor"
