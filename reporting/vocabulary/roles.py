"""Staff roles and the permissions each role's group carries (codes; the checks are in
reporting/permissions.py)."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

# The codes of Organisation.Kind: who someone works for decides what their role lets them do.
ASSOCIATION, MEMBER = "ASSOCIATION", "MEMBER"


class Role(TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    PARTNER = "partner", _("Partner (member organisation)")
    STATISTICS = "statistics", _("Statistics (board)")
    ADMINISTRATOR = "administrator", _("Administrator")
    INTERPRETER = "interpreter", _("Interpreter")
    MEMBER_CASEWORKER = "member_caseworker", _("Caseworker (member organisation)")


class Permission(TextChoices):
    """Codenames of StaffProfile.Meta.permissions."""

    WORK_ON_CASES = "work_on_cases"
    HANDLE_REFERRALS = "handle_referrals"
    READ_STATISTICS = "read_statistics"
    PUBLISH_STATISTICS = "publish_statistics"
    ADMINISTER = "administer"
    TRANSLATE = "translate"
    DOCUMENT_OWN_CASES = "document_own_cases"


ROLE_PERMISSIONS = {
    Role.CASEWORKER: {Permission.WORK_ON_CASES, Permission.READ_STATISTICS},
    Role.PARTNER: {Permission.HANDLE_REFERRALS},
    Role.STATISTICS: {Permission.READ_STATISTICS, Permission.PUBLISH_STATISTICS},
    Role.ADMINISTRATOR: {Permission.WORK_ON_CASES, Permission.ADMINISTER},
    Role.INTERPRETER: {Permission.TRANSLATE},
    Role.MEMBER_CASEWORKER: {Permission.DOCUMENT_OWN_CASES},
}
