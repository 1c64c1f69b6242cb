from .anchors import QuoteAnchor
from .base import (
    Curated,
    CuratedPart,
    CuratedPartQuerySet,
    CuratedQuerySet,
    SlugKeyedQuerySet,
    Status,
)
from .changesets import (
    ChangeSet,
    ChangeSetComment,
    ChangeSetItem,
    ChangeSetState,
    CommentKind,
)
from .pending import ChangeState, PendingChange
from .versions import ContentVersion

__all__ = [
    "ChangeSet",
    "ChangeSetComment",
    "ChangeSetItem",
    "ChangeSetState",
    "CommentKind",
    "ChangeState",
    "PendingChange",
    "QuoteAnchor",
    "ContentVersion",
    "Curated",
    "CuratedPart",
    "CuratedPartQuerySet",
    "CuratedQuerySet",
    "SlugKeyedQuerySet",
    "Status",
]
