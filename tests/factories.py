"""Builders for test data: valid submissions and the association's key."""

import datetime

from django.utils import timezone

from reporting.crypto import Argon2Params
from reporting.vocabulary.submission import ReportSubmission

FAST_KDF = Argon2Params(iterations=1, memory_cost_kib=64, lanes=1)


def last_month() -> str:
    first = timezone.localdate().replace(day=1)
    return (first - datetime.timedelta(days=1)).strftime("%Y-%m")


def submission(**overrides) -> ReportSubmission:
    values = {
        "language": "de",
        "narrative": "Der Vermieter sagte am Telefon, die Wohnung sei schon weg.",
        "incident_month": last_month(),
        "district": "14713",
        "place_detail": "",
        "grounds": ["RACISM"],
        "areas": ["HOUSING"],
        "forms": ["DIRECT"],
        "reporter_role": "AFFECTED",
        "reported_to_police": "NO",
        "consent_processing": True,
    }
    values.update(overrides)
    return ReportSubmission(**values)


def form_data(**overrides) -> dict:
    """POST data of the HTML report form that passes validation."""
    year, month = last_month().split("-")
    data = {
        "narrative": "Der Vermieter sagte am Telefon, die Wohnung sei schon weg.",
        "incident_month": str(int(month)),
        "incident_year": year,
        "district": "14713",
        "grounds": ["RACISM"],
        "areas": ["HOUSING"],
        "incident_forms": ["DIRECT"],
        "reporter_role": "AFFECTED",
        "reported_to_police": "NO",
        "contact_language": "de",
        "consent_processing": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def api_payload(**overrides) -> dict:
    payload = {
        "language": "en",
        "narrative": "The landlord said on the phone the flat was already gone.",
        "incident_month": last_month(),
        "district": "14612",
        "grounds": ["RACISM"],
        "areas": ["HOUSING"],
        "forms": ["DIRECT"],
        "reporter_role": "AFFECTED",
        "reported_to_police": "NO",
        "consent_processing": True,
    }
    payload.update(overrides)
    return payload
