from reporting.models.cases import Case, CaseEvent, CaseStatus, Message, MessageAuthor
from reporting.models.organisations import Organisation, OrganisationKey
from reporting.models.reports import Report

__all__ = [
    "Case",
    "CaseEvent",
    "CaseStatus",
    "Message",
    "MessageAuthor",
    "Organisation",
    "OrganisationKey",
    "Report",
]
