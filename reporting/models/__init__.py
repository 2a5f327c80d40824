from reporting.models.attachments import Attachment
from reporting.models.cases import (
    Assessment,
    Case,
    CaseEvent,
    CaseStatus,
    Message,
    MessageAuthor,
    Note,
)
from reporting.models.organisations import Organisation, OrganisationKey
from reporting.models.reports import Report
from reporting.models.staff import KeyGrant, StaffProfile, UserKey

__all__ = [
    "Assessment",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseStatus",
    "KeyGrant",
    "Message",
    "MessageAuthor",
    "Note",
    "Organisation",
    "OrganisationKey",
    "Report",
    "StaffProfile",
    "UserKey",
]
