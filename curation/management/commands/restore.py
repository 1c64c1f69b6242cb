from django.core.management.base import BaseCommand, CommandError

from curation.backups import restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup written by `manage.py backup`. "
        "Asks first, unless --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input(f"Replace everything in the database with {path}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        restore(path)
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
