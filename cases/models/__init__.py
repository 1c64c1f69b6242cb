from .patients import (
    DISEASE_ICD10,
    Disease,
    Outcome,
    Patient,
    PatientComplication,
    PriorTherapy,
    Sex,
    TimelineEvent,
    Treatment,
    TreatmentRole,
)
from .reports import Report, ReportCount, ReportKind

__all__ = [
    "DISEASE_ICD10",
    "Disease",
    "Outcome",
    "Patient",
    "PatientComplication",
    "PriorTherapy",
    "Report",
    "ReportCount",
    "ReportKind",
    "Sex",
    "TimelineEvent",
    "Treatment",
    "TreatmentRole",
]
