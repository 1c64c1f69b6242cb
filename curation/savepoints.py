"""Writes that are tried and always undone."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """A savepoint rolled back on leaving, whatever happened inside: for showing or checking
    what a change would do to the stored rows without keeping it."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
