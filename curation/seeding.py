"""Load the seed fixtures into a database that has no content yet, and never over one that has."""

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .anchoring import anchor_unanchored
from .registry import content_models

FIXTURE_SUFFIXES = (".json", ".yaml", ".yml")


def seed_fixture_paths():
    """The seed fixtures in load order (their file names start with a number)."""
    return sorted(
        str(path)
        for path in settings.SEED_FIXTURES_DIR.iterdir()
        if path.suffix in FIXTURE_SUFFIXES
    )


def existing_content_count():
    return sum(model._default_manager.count() for model in content_models())


@transaction.atomic
def seed_if_empty(stdout=None):
    """Load every seed fixture when the database holds no content; return the rows it loaded.

    Returns 0, loading nothing, when any content row exists: editors' changes are never
    overwritten, however often `make run` seeds.
    """
    if existing_content_count():
        return 0
    call_command("loaddata", *seed_fixture_paths(), verbosity=0)
    # loaddata writes no history; give every seeded row its first revision.
    call_command("populate_history", auto=True, verbosity=0)
    # loaddata skips the services, which anchor each quote where it stands in its source.
    anchor_unanchored()
    return existing_content_count()
