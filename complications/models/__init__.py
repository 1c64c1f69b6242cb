from .citations import Citation, CitationAuthor, CitationMention, PublicationKind
from .complications import Category, Complication
from .courses import CourseStatement
from .interventions import Intervention, InterventionKind
from .sources import SourceDocument, SourceDocumentKind
from .statements import Attribution, EvidenceKind, Section, Statement
from .timing import OnsetAnchor, TimeUnit

__all__ = [
    "Attribution",
    "CourseStatement",
    "OnsetAnchor",
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
