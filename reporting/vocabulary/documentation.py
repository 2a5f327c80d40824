"""What counselling documents about a case beyond its classification (issue 22): who is
responsible, what it did to the person, what the counsellors did and how it ended.

Codes follow the documentation standards of German antidiscrimination counselling (the
advd's standards, the documentation categories of the Antidiskriminierungsstelle des
Bundes); docs/statistics.md maps each code to those categories. Codes are stored, labels
never are; multi-select classes fix their bit positions (append new codes at the end).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Actor(models.TextChoices):
    """Who is responsible for what happened (one per case)."""

    EMPLOYER = "EMPLOYER", _("Employer")
    LANDLORD = "LANDLORD", _("Landlord or housing company")
    SHOP_SERVICE = "SHOP_SERVICE", _("Shop or service provider")
    BANK_INSURANCE = "BANK_INSURANCE", _("Bank or insurance")
    SCHOOL_EDUCATION = "SCHOOL_EDUCATION", _("School or education institution")
    PUBLIC_AUTHORITY = "PUBLIC_AUTHORITY", _("Public authority")
    JOB_CENTRE = "JOB_CENTRE", _("Job centre")
    IMMIGRATION_OFFICE = "IMMIGRATION_OFFICE", _("Immigration office")
    POLICE = "POLICE", _("Police")
    JUSTICE = "JUSTICE", _("Justice (courts, public prosecution)")
    HEALTH_CARE = "HEALTH_CARE", _("Health care")
    PUBLIC_TRANSPORT = "PUBLIC_TRANSPORT", _("Public transport company")
    ONLINE_MEDIA = "ONLINE_MEDIA", _("Online platform or media")
    PRIVATE_PERSON = "PRIVATE_PERSON", _("Private person")
    OTHER = "OTHER", _("Other actor")
    UNKNOWN = "UNKNOWN", _("Actor unknown")


class Consequence(models.TextChoices):
    """What it did to the affected person, as far as the counsellors know (multi-select)."""

    MATERIAL_LOSS = "MATERIAL_LOSS", _("Material or financial loss")
    LOSS_OF_JOB_OR_HOME = "LOSS_OF_JOB_OR_HOME", _("Loss of job or flat")
    HEALTH = "HEALTH", _("Harm to health")
    PSYCHOLOGICAL_STRAIN = "PSYCHOLOGICAL_STRAIN", _("Psychological strain")
    WITHDRAWAL = "WITHDRAWAL", _("Withdrawal from public life")
    NONE_KNOWN = "NONE_KNOWN", _("No consequences known")


class InterventionKind(models.TextChoices):
    """What the counsellors did; each intervention is a dated entry of the case."""

    COUNSELLING = "COUNSELLING", _("Counselling conversation")
    INFORMATION_ON_RIGHTS = "INFORMATION_ON_RIGHTS", _("Information on rights")
    ACCOMPANYING = "ACCOMPANYING", _("Accompanying to an appointment")
    COMPLAINT_LETTER = "COMPLAINT_LETTER", _("Letter of complaint")
    REQUEST_FOR_STATEMENT = "REQUEST_FOR_STATEMENT", _("Request for a statement")
    MEDIATION = "MEDIATION", _("Mediation")
    TESTING = "TESTING", _("Testing")
    ADS_CONCILIATION = (
        "ADS_CONCILIATION",
        _("Conciliation at the Federal Anti-Discrimination Agency"),
    )
    LEGAL_ACTION = "LEGAL_ACTION", _("Support in legal action")
    PUBLIC_INTERVENTION = "PUBLIC_INTERVENTION", _("Public intervention")
    DOCUMENTATION_ONLY = "DOCUMENTATION_ONLY", _("Documentation only")
    REFERRAL = "REFERRAL", _("Referral (member organisation or outside body)")


# A referral is recorded by passing the case on (reporting.services.referrals), never by hand.
RECORDED_BY_HAND = [
    (code, label) for code, label in InterventionKind.choices if code != InterventionKind.REFERRAL
]


class CounsellingOutcome(models.TextChoices):
    """How counselling ended (one per case)."""

    APOLOGY = "APOLOGY", _("Apology")
    COMPENSATION = "COMPENSATION", _("Compensation or damages")
    CHANGE_OF_PRACTICE = "CHANGE_OF_PRACTICE", _("Change of practice")
    MEDIATION_SUCCESSFUL = "MEDIATION_SUCCESSFUL", _("Successful mediation")
    COURT_WON = "COURT_WON", _("Court decision: won")
    COURT_LOST = "COURT_LOST", _("Court decision: lost")
    NO_RESULT = "NO_RESULT", _("No result")
    WITHDRAWN = "WITHDRAWN", _("The person withdrew")
    CONTACT_LOST = "CONTACT_LOST", _("Contact lost")
