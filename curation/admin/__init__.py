"""The admin of curated content: the shared base for every content model's admin, and the
reviewers' queue of changes waiting for review."""

from .base import CuratedAdmin, PartAdmin, PartInline
from .review import PendingChangeAdmin

__all__ = ["CuratedAdmin", "PartAdmin", "PartInline", "PendingChangeAdmin"]
