from django.core.management.base import BaseCommand

from curation.anchoring import anchor_unanchored


class Command(BaseCommand):
    help = (
        "Anchor every quote that has no anchor yet at its first occurrence in its source "
        "(content loaded with loaddata, or stored before anchors existed). Changes no content; "
        "safe to run any number of times."
    )

    def handle(self, *args, **options):
        count = anchor_unanchored()
        self.stdout.write(f"Anchored {count} quote(s).")
