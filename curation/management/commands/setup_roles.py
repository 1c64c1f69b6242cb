from django.core.management.base import BaseCommand

from curation.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Editors and Reviewers groups and their permissions (idempotent)."

    def handle(self, *args, **options):
        editors, reviewers = setup_roles()
        self.stdout.write(
            f"Groups ready: {editors.name} ({editors.permissions.count()} permissions), "
            f"{reviewers.name} ({reviewers.permissions.count()} permissions)."
        )
