"""`manage.py release [--output DIR] [--force]`: write a citable data release.

The work is done in cases/releases.py; this only reads the options and reports.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.releases import ReleaseExists, make_release


class Command(BaseCommand):
    help = (
        "Write every published table as CSV in a Frictionless Data Package, with its README "
        "and a zip, into DOWNLOADS_DIR/alemkb-<date>-v<content version>/ (served at "
        "/downloads/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Folder to write the release into (default: the DOWNLOADS_DIR setting).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a release of the same version.",
        )

    def handle(self, *args, output=None, force=False, **options):
        try:
            release = make_release(output or settings.DOWNLOADS_DIR, force=force)
        except ReleaseExists as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Release {release.version} written to {release.folder}")
        self.stdout.write(str(release.zip_path))
