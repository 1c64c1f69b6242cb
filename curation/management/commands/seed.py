from django.core.management.base import BaseCommand

from curation.seeding import existing_content_count, seed_if_empty


class Command(BaseCommand):
    help = (
        "Load the seed fixtures (source documents and curated content) into an empty database. "
        "Does nothing on a database that already has content, so editors' changes are kept."
    )

    def handle(self, *args, **options):
        loaded = seed_if_empty()
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Seeded the database with {loaded} rows."))
        else:
            self.stdout.write(
                f"The database already has content ({existing_content_count()} rows); "
                "seeding skipped, nothing was changed."
            )
