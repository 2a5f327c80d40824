import pytest

from reporting.models import Report
from reporting.vocabulary.documentation import Consequence, InterventionKind
from reporting.vocabulary.taxonomy import AGG_GROUNDS, Area, Form, Ground, IncidentType

# Bit positions are stored in the database: this pins them.
PINNED_GROUND_ORDER = [
    "RACISM", "ANTISEMITISM", "ANTI_MUSLIM", "ANTIZIGANISM", "NATIONALITY",
    "RESIDENCE_STATUS", "LANGUAGE", "RELIGION", "BELIEF", "GENDER", "SEXUAL_IDENTITY",
    "DISABILITY", "AGE", "SOCIAL_STATUS", "FAMILY_STATUS", "APPEARANCE", "OTHER",
]  # fmt: skip
PINNED_AREA_ORDER = [
    "WORK", "HOUSING", "EDUCATION", "GOODS_SERVICES", "AUTHORITIES", "POLICE_JUSTICE",
    "HEALTH_CARE", "PUBLIC_TRANSPORT", "PUBLIC_SPACE", "INTERNET_MEDIA", "OTHER",
]  # fmt: skip
# Reordered once, by migration 0020 (the incident types moved out, the bits rewritten).
PINNED_FORM_ORDER = [
    "DIRECT", "INDIRECT", "HARASSMENT", "SEXUAL_HARASSMENT", "INSTRUCTION", "INSTITUTIONAL",
    "DENIAL_OF_ACCOMMODATION", "OTHER",
]  # fmt: skip
PINNED_INCIDENT_TYPE_ORDER = [
    "EXTREME_VIOLENCE", "ASSAULT", "PROPERTY_DAMAGE", "THREAT", "VERBAL_ABUSE", "PROPAGANDA",
    "DISCRIMINATION",
]  # fmt: skip
PINNED_CONSEQUENCE_ORDER = [
    "MATERIAL_LOSS", "LOSS_OF_JOB_OR_HOME", "HEALTH", "PSYCHOLOGICAL_STRAIN", "WITHDRAWAL",
    "NONE_KNOWN",
]  # fmt: skip
PINNED_INTERVENTION_KIND_ORDER = [
    "COUNSELLING", "INFORMATION_ON_RIGHTS", "ACCOMPANYING", "COMPLAINT_LETTER",
    "REQUEST_FOR_STATEMENT", "MEDIATION", "TESTING", "ADS_CONCILIATION", "LEGAL_ACTION",
    "PUBLIC_INTERVENTION", "DOCUMENTATION_ONLY", "REFERRAL",
]  # fmt: skip


def test_bit_positions_are_append_only():
    assert Ground.values == PINNED_GROUND_ORDER
    assert Area.values == PINNED_AREA_ORDER
    assert Form.values == PINNED_FORM_ORDER
    assert IncidentType.values == PINNED_INCIDENT_TYPE_ORDER
    assert Consequence.values == PINNED_CONSEQUENCE_ORDER
    assert InterventionKind.values == PINNED_INTERVENTION_KIND_ORDER


def test_agg_grounds_are_grounds():
    assert set(Ground) >= AGG_GROUNDS
    assert Ground.NATIONALITY not in AGG_GROUNDS


def test_mask_round_trip():
    field = Report._meta.get_field("grounds")
    mask = field.to_mask(["LANGUAGE", "RACISM"])
    assert mask == 0b1000001
    assert field.to_codes(mask) == ["RACISM", "LANGUAGE"]


@pytest.mark.django_db
def test_has_lookups_filter_in_sql(association_keyring):
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=60, year=2025, recipients=association_public_keys(), seed=1)
    for report in Report.objects.all():
        assert report.grounds, "every synthetic report has a ground"
    racism = set(Report.objects.filter(grounds__has="RACISM").values_list("id", flat=True))
    expected = {r.id for r in Report.objects.all() if "RACISM" in r.grounds}
    assert racism == expected and racism
    either = set(
        Report.objects.filter(areas__has_any=["WORK", "HOUSING"]).values_list("id", flat=True)
    )
    assert either == {r.id for r in Report.objects.all() if {"WORK", "HOUSING"} & set(r.areas)}


@pytest.mark.django_db
def test_a_model_with_code_sets_validates_as_the_admin_does():
    """ModelForms (the admin's organisation and counselling-service pages) run the
    model's field validators; an integer column's range checks must not see a list."""
    from reporting.models import Organisation

    organisation = Organisation(name="Beratung (fiktiv)", districts=["14612", "14713"])
    organisation.full_clean()
    assert organisation.districts == ["14612", "14713"]
