from reporting.vocabulary.consent import (
    CONSENT_CONTACT,
    CONSENT_PROCESSING,
    CONSENT_REFERRAL,
    CONSENT_REFERRAL_NAMING,
    CONSENT_VERSION,
)
from reporting.vocabulary.taxonomy import (
    AGG_GROUNDS,
    Area,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)


def _entries(choices) -> list[dict]:
    return [{"code": c.value, "label": str(c.label)} for c in choices]


def taxonomy_labels(language: str) -> dict:
    """All codes with labels, and the consent wordings, in the active language (call
    inside translation.override)."""
    return {
        "language": language,
        "grounds": [{**e, "agg": e["code"] in AGG_GROUNDS} for e in _entries(Ground)],
        "areas": _entries(Area),
        "forms": _entries(Form),
        "incident_types": _entries(IncidentType),
        "reporter_roles": _entries(ReporterRole),
        "reported_to_police": _entries(PoliceReport),
        "districts": _entries(District),
        # What a client must show next to each consent box, and the version it stores.
        "consents": {
            "version": CONSENT_VERSION,
            "processing": str(CONSENT_PROCESSING),
            "contact": str(CONSENT_CONTACT),
            "referral": str(CONSENT_REFERRAL),
            "referral_naming": str(CONSENT_REFERRAL_NAMING),
        },
    }
