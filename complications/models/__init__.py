from .citations import Citation, CitationAuthor, CitationMention, PublicationKind
from .complications import Category, Complication
from .interventions import Intervention, InterventionKind
from .sources import SourceDocument, SourceDocumentKind
from .statements import EvidenceKind, Section, Statement
from .timing import TimeUnit

__all__ = [
    "Category",
    "Citation",
    "CitationAuthor",
    "CitationMention",
    "Complication",
    "EvidenceKind",
    "Intervention",
    "InterventionKind",
    "PublicationKind",
    "Section",
    "SourceDocument",
    "SourceDocumentKind",
    "Statement",
    "TimeUnit",
]
