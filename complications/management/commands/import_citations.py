from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complications.importing import ImportFailed, import_citations


class Command(BaseCommand):
    help = (
        "Import citations from a RIS (.ris), BibTeX (.bib) or PubMed MEDLINE (.nbib, .txt) file "
        "as drafts. Citations already here (same DOI or PMID) are reported, not duplicated; a "
        "malformed file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = import_citations(file.read_bytes(), file.name)
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
