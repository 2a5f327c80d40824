"""Stable codes of DESIGN §4 with translated labels and short help texts.

Codes are stored (multi-select values as bits of an integer, see
`reporting.fields.CodeSetField`), labels never are. The order of each multi-select
choice class fixes its bit positions: append new codes at the end, never reorder.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ground(models.TextChoices):
    RACISM = "RACISM", _("Racist attribution / ethnic origin")
    ANTISEMITISM = "ANTISEMITISM", _("Antisemitism")
    ANTI_MUSLIM = "ANTI_MUSLIM", _("Anti-Muslim racism")
    ANTIZIGANISM = "ANTIZIGANISM", _("Antiziganism (against Sinti and Roma)")
    NATIONALITY = "NATIONALITY", _("Nationality / citizenship")
    RESIDENCE_STATUS = "RESIDENCE_STATUS", _("Residence status")
    LANGUAGE = "LANGUAGE", _("Language")
    RELIGION = "RELIGION", _("Religion")
    BELIEF = "BELIEF", _("Belief / world view")
    GENDER = "GENDER", _("Gender / gender identity")
    SEXUAL_IDENTITY = "SEXUAL_IDENTITY", _("Sexual identity")
    DISABILITY = "DISABILITY", _("Disability / chronic illness")
    AGE = "AGE", _("Age")
    SOCIAL_STATUS = "SOCIAL_STATUS", _("Social status")
    FAMILY_STATUS = "FAMILY_STATUS", _("Family status")
    APPEARANCE = "APPEARANCE", _("Appearance")
    OTHER = "OTHER", _("Other reason")


# Grounds named in § 1 AGG (General Equal Treatment Act). Antisemitism,
# anti-Muslim racism and antiziganism are forms of racist discrimination;
# nationality, residence status, language, social and family status and
# appearance are not protected by the AGG as such. Whether the AGG protects a case
# depends on the area of life too: reporting/vocabulary/agg.py.
AGG_GROUNDS = frozenset(
    {
        Ground.RACISM,
        Ground.ANTISEMITISM,
        Ground.ANTI_MUSLIM,
        Ground.ANTIZIGANISM,
        Ground.RELIGION,
        Ground.BELIEF,
        Ground.GENDER,
        Ground.SEXUAL_IDENTITY,
        Ground.DISABILITY,
        Ground.AGE,
    }
)


class Area(models.TextChoices):
    WORK = "WORK", _("Work and job search")
    HOUSING = "HOUSING", _("Housing")
    EDUCATION = "EDUCATION", _("Education (day care, school, university)")
    GOODS_SERVICES = "GOODS_SERVICES", _("Shopping, restaurants, banks, insurance")
    AUTHORITIES = "AUTHORITIES", _("Authorities (offices, job centre, immigration office)")
    POLICE_JUSTICE = "POLICE_JUSTICE", _("Police and justice")
    HEALTH_CARE = "HEALTH_CARE", _("Health care")
    PUBLIC_TRANSPORT = "PUBLIC_TRANSPORT", _("Public transport")
    PUBLIC_SPACE = "PUBLIC_SPACE", _("Public space (street, park)")
    INTERNET_MEDIA = "INTERNET_MEDIA", _("Internet and media")
    OTHER = "OTHER", _("Other area")


class Form(models.TextChoices):
    """How someone was treated worse: the forms of § 3 AGG, plus structural discrimination
    and the denial of reasonable accommodation (UN CRPD Art. 2, 5). What was done to the
    person (an insult, a threat, an attack) is the incident type, a dimension of its own."""

    DIRECT = "DIRECT", _("Treated worse than others")
    INDIRECT = "INDIRECT", _("A rule that seems neutral but disadvantages you")
    HARASSMENT = "HARASSMENT", _("Harassment, humiliation")
    SEXUAL_HARASSMENT = "SEXUAL_HARASSMENT", _("Sexual harassment")
    INSTRUCTION = "INSTRUCTION", _("Someone was told to discriminate")
    # Structural / institutional discrimination.
    INSTITUTIONAL = "INSTITUTIONAL", _("Rules or practices of an institution")
    DENIAL_OF_ACCOMMODATION = (
        "DENIAL_OF_ACCOMMODATION",
        _("Needed adjustments were refused (for example for a disability)"),
    )
    OTHER = "OTHER", _("Something else")


class IncidentType(models.TextChoices):
    """What was done, in the categories of the incident monitors (RIAS, MIA), most severe
    first; DISCRIMINATION is their "Benachteiligung" (unequal treatment, refusal)."""

    EXTREME_VIOLENCE = "EXTREME_VIOLENCE", _("Extreme violence")
    ASSAULT = "ASSAULT", _("Physical attack")
    PROPERTY_DAMAGE = "PROPERTY_DAMAGE", _("Damage to property")
    THREAT = "THREAT", _("Threat")
    VERBAL_ABUSE = "VERBAL_ABUSE", _("Insults, hurtful remarks")
    PROPAGANDA = "PROPAGANDA", _("Hate propaganda, mass mailings or posts")
    DISCRIMINATION = "DISCRIMINATION", _("Treated worse or refused (service, entry, flat, job)")


class ReporterRole(models.TextChoices):
    AFFECTED = "AFFECTED", _("It happened to me")
    WITNESS = "WITNESS", _("I saw it happen")
    ON_BEHALF = "ON_BEHALF", _("I report for someone else (counsellor, relative)")
    # Only the narrative is required: a reporter who skips the question is counted here.
    NOT_SAID = "NOT_SAID", _("Not said")


class Channel(models.TextChoices):
    """How a report reached the service: the reporter online, or staff who took it down."""

    WEB = "WEB", _("Online (form or app)")
    PHONE = "PHONE", _("Phone")
    IN_PERSON = "IN_PERSON", _("In person")
    EMAIL = "EMAIL", _("E-mail")
    LETTER = "LETTER", _("Letter")
    MESSENGER = "MESSENGER", _("Messenger")
    VOICE_MESSAGE = "VOICE_MESSAGE", _("Voice message")
    OUTREACH = "OUTREACH", _("Outreach event")


STAFF_CHANNELS = tuple(c for c in Channel if c != Channel.WEB)


class PoliceReport(models.TextChoices):
    YES = "YES", _("Yes")
    NO = "NO", _("No")
    NOT_SAID = "NOT_SAID", _("I'd rather not say")


class District(models.TextChoices):
    CHEMNITZ = "14511", _("Chemnitz (city)")
    ERZGEBIRGSKREIS = "14521", _("Erzgebirgskreis")
    MITTELSACHSEN = "14522", _("Mittelsachsen")
    VOGTLANDKREIS = "14523", _("Vogtlandkreis")
    ZWICKAU = "14524", _("Zwickau")
    DRESDEN = "14612", _("Dresden (city)")
    BAUTZEN = "14625", _("Bautzen")
    GOERLITZ = "14626", _("Görlitz")
    MEISSEN = "14627", _("Meißen")
    SAECHSISCHE_SCHWEIZ = "14628", _("Sächsische Schweiz-Osterzgebirge")
    LEIPZIG = "14713", _("Leipzig (city)")
    LANDKREIS_LEIPZIG = "14729", _("Landkreis Leipzig")
    NORDSACHSEN = "14730", _("Nordsachsen")
    OUTSIDE_SAXONY = "OUTSIDE_SAXONY", _("Outside Saxony")
    ONLINE = "ONLINE", _("Online (no place)")
    UNKNOWN = "UNKNOWN", _("I don't know")


SAXON_DISTRICTS = tuple(d for d in District if d.value.isdigit())


class Region(models.TextChoices):
    """Where a Saxon district goes when retention coarsens it (docs/retention.md): its
    former Direktionsbezirk, by the Kreisschlüssel's first three digits. Never offered
    on a form; only reporting/services/retention.py writes these codes."""

    CHEMNITZ = "REGION_CHEMNITZ", _("Chemnitz region (district not kept)")
    DRESDEN = "REGION_DRESDEN", _("Dresden region (district not kept)")
    LEIPZIG = "REGION_LEIPZIG", _("Leipzig region (district not kept)")


REGION_BY_PREFIX = {"145": Region.CHEMNITZ, "146": Region.DRESDEN, "147": Region.LEIPZIG}
# What a stored district column may hold: a district, or a region after retention.
STORED_DISTRICTS = [*District.choices, *Region.choices]


def region_of(district: str) -> str | None:
    """The region a Saxon district lies in; None for the others (outside, online, unknown)."""
    return REGION_BY_PREFIX.get(district[:3]) if district.isdigit() else None
