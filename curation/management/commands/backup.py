from django.core.management.base import BaseCommand

from curation.backups import backup, default_path


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database (content, history, users) to a file: "
        "pg_dump's custom format on PostgreSQL, a database file on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write it (default: backups/)")

    def handle(self, *args, path=None, **options):
        written = backup(path or default_path())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
