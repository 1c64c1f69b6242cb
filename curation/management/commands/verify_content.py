from django.core.management.base import BaseCommand, CommandError

from curation.provenance import find_problems


class Command(BaseCommand):
    help = "Validate every curated row and check that every quote occurs verbatim in its source."

    def handle(self, *args, **options):
        problems = find_problems()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the content.")
        self.stdout.write(self.style.SUCCESS("Every row is valid and every quote is verbatim."))
