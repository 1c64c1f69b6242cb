from .base import Curated, CuratedQuerySet, Status
from .citations import Citation, CitationAuthor, CitationMention, PublicationKind
from .complications import Category, Complication
from .interventions import Intervention, InterventionKind
from .sources import SourceDocument, SourceDocumentKind
from .statements import EvidenceKind, Section, Statement
from .timing import TimeUnit
from .versions import ContentVersion

__all__ = [
    "Category",
    "Citation",
    "CitationAuthor",
    "CitationMention",
    "Complication",
    "ContentVersion",
    "Curated",
    "CuratedQuerySet",
    "EvidenceKind",
    "Intervention",
    "InterventionKind",
    "PublicationKind",
    "Section",
    "SourceDocument",
    "SourceDocumentKind",
    "Statement",
    "Status",
    "TimeUnit",
]
