"""Signals the curation workflow sends, for the apps above it to act on without being named.

`reviewed` is sent, on commit, whenever a reviewer makes content public: publishing rows,
approving an editor's change, or saving a published row themselves. `rows` are the rows the
reviewer published or changed; `reviewer` the user; `when` the time.
"""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

reviewed = Signal()


def announce_review(rows, reviewer):
    rows = [row for row in rows if row is not None]
    if not rows:
        return
    when = timezone.now()

    def send():
        for model in {type(row) for row in rows}:
            own = [row for row in rows if type(row) is model]
            reviewed.send(sender=model, rows=own, reviewer=reviewer, when=when)

    transaction.on_commit(send)
