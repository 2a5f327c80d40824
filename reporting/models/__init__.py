from reporting.models.attachments import Attachment, SealedBlob
from reporting.models.cases import (
    Assessment,
    AuditEvent,
    Case,
    CaseLink,
    CaseStatus,
    Intervention,
    Message,
    MessageAuthor,
    Note,
)
from reporting.models.counselling import CounsellingService
from reporting.models.deadlines import Deadline, FollowUp, ReminderKind, SentReminder
from reporting.models.institutions import InstitutionMention, MatchingKeyGrant
from reporting.models.organisations import Organisation, OrganisationKey
from reporting.models.referrals import ExternalReferral, Referral, ReferralUpdate
from reporting.models.reports import ReceiptVerifier, Report
from reporting.models.shares import CaseShare
from reporting.models.staff import KeyGrant, StaffProfile, UserKey
from reporting.models.statistics import (  # noqa: F401
    AnnualReport,
    AnnualReportStatus,
    StatisticsTally,
)
from reporting.models.translations import Translation, TranslationRequest

__all__ = [
    "Assessment",
    "Attachment",
    "AuditEvent",
    "Case",
    "CaseLink",
    "CaseShare",
    "CaseStatus",
    "CounsellingService",
    "Deadline",
    "ExternalReferral",
    "FollowUp",
    "InstitutionMention",
    "Intervention",
    "KeyGrant",
    "MatchingKeyGrant",
    "Message",
    "MessageAuthor",
    "Note",
    "Organisation",
    "OrganisationKey",
    "ReceiptVerifier",
    "Referral",
    "ReferralUpdate",
    "ReminderKind",
    "Report",
    "SealedBlob",
    "SentReminder",
    "StaffProfile",
    "StatisticsTally",
    "Translation",
    "TranslationRequest",
    "UserKey",
]
