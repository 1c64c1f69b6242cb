from .base import (
    Curated,
    CuratedPart,
    CuratedPartQuerySet,
    CuratedQuerySet,
    SlugKeyedQuerySet,
    Status,
)
from .pending import ChangeState, PendingChange
from .versions import ContentVersion

__all__ = [
    "ChangeState",
    "PendingChange",
    "ContentVersion",
    "Curated",
    "CuratedPart",
    "CuratedPartQuerySet",
    "CuratedQuerySet",
    "SlugKeyedQuerySet",
    "Status",
]
