from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from complications.importing import ImportFailed, import_citations
from complications.models import SourceDocument


class Command(BaseCommand):
    help = (
        "Import citations from a RIS (.ris), BibTeX (.bib) or PubMed MEDLINE (.nbib, .txt) file "
        "as drafts. Citations already here (same DOI or PMID) are reported, not duplicated; a "
        "malformed file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="username recorded in the history as the importer")
        parser.add_argument(
            "--source",
            help="slug of the source document whose own publication the file (one record) is",
        )

    def handle(self, *args, file, user=None, source=None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        document = None
        if source:
            document = SourceDocument.objects.filter(slug=source).first()
            if document is None:
                raise CommandError(f"No source document {source!r}.")
        try:
            result = import_citations(file.read_bytes(), file.name, importer, document)
        except ImportFailed as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for citation in result.created:
            self.stdout.write(f"imported (draft): {citation.slug}: {citation.title}")
        for record, known in result.existing:
            self.stdout.write(f"already here, skipped: {record.title} (as {known.slug})")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} imported, {len(result.existing)} already here."
            )
        )
