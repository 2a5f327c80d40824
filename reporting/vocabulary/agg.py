"""Whether the General Equal Treatment Act (AGG) protects against what a case describes.

The AGG does not protect a ground as such: it protects the grounds of § 1 in
employment (§§ 2(1) Nr. 1–4, 6–18, for public employers too, § 24) and in
civil-law dealings (§ 19) — race and ethnic origin in every public offer of
goods and services including housing (§ 19(2)), the other grounds except belief
only in mass business and private insurance (§ 19(1)). Sovereign acts (police,
authorities) are outside it. So the rule reads the ground *and* the area, and
says UNDECIDED where the data cannot tell (a school may be public or private).

The table is docs/statistics.md ("Within or outside the AGG"), with the
paragraphs each cell rests on; tests/reporting/test_agg.py checks this module
against it for every ground × area pair. It is a draft for the operator's legal
counsel, not legal advice.

The area enters the rule only through its *sphere* (who typically acts there and
under which law), the ground only through its *cover* (which part of the AGG names
it). The responsible actor, where the assessment names one, replaces the areas'
spheres with its own (a police actor makes any area sovereign, a landlord makes it
housing, a private person takes it out of both employment and civil-law dealings)
without a change to the table; docs/statistics.md lists each actor's sphere.
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.vocabulary.documentation import Actor
from reporting.vocabulary.taxonomy import Area, Ground


class AggScope(models.TextChoices):
    PROTECTED = "PROTECTED", _("Protected by the AGG")
    OUTSIDE = "OUTSIDE", _("Outside the AGG")
    UNDECIDED = "UNDECIDED", _("Cannot be decided from the data")


# The caseworker's choice on the assessment: the rule, or an outcome they set.
AGG_AUTO = "AUTO"
AGG_SETTING_CHOICES = [
    (AGG_AUTO, _("Automatic (from grounds, areas and actor)")),
    *AggScope.choices,
]


class _Cover:
    """Which part of the AGG names a ground."""

    ETHNIC = "ETHNIC"  # race / ethnic origin: employment and § 19(1) + (2)
    MASS_BUSINESS = "MASS_BUSINESS"  # employment and § 19(1) only
    EMPLOYMENT_ONLY = "EMPLOYMENT_ONLY"  # belief: not in § 19 at all
    NOT_NAMED = "NOT_NAMED"  # not a ground of § 1
    UNKNOWN = "UNKNOWN"  # "other reason" or none given: could be any of the above


class _Sphere:
    """Who typically acts in an area, and under which law."""

    EMPLOYMENT = "EMPLOYMENT"
    SOVEREIGN = "SOVEREIGN"  # public law: the civil-law part of the AGG never applies
    PUBLIC_OFFER = "PUBLIC_OFFER"  # goods and services offered to the public, mass business
    HOUSING = "HOUSING"  # public offer, but small landlords are no mass business
    PUBLIC_OR_PRIVATE = "PUBLIC_OR_PRIVATE"  # public-law institution or civil-law contract
    ANYONE = "ANYONE"  # a provider, a passer-by or the police: depends on who acted
    UNKNOWN = "UNKNOWN"
    PRIVATE = "PRIVATE"  # a private person: neither employment nor a civil-law dealing


# Antisemitism, anti-Muslim racism and antiziganism are racist attribution (DESIGN §4);
# where only religion was at stake, the caseworker sets the outcome on the assessment.
GROUND_COVER = {
    Ground.RACISM: _Cover.ETHNIC,
    Ground.ANTISEMITISM: _Cover.ETHNIC,
    Ground.ANTI_MUSLIM: _Cover.ETHNIC,
    Ground.ANTIZIGANISM: _Cover.ETHNIC,
    Ground.RELIGION: _Cover.MASS_BUSINESS,
    Ground.GENDER: _Cover.MASS_BUSINESS,
    Ground.SEXUAL_IDENTITY: _Cover.MASS_BUSINESS,
    Ground.DISABILITY: _Cover.MASS_BUSINESS,
    Ground.AGE: _Cover.MASS_BUSINESS,
    Ground.BELIEF: _Cover.EMPLOYMENT_ONLY,
    Ground.NATIONALITY: _Cover.NOT_NAMED,
    Ground.RESIDENCE_STATUS: _Cover.NOT_NAMED,
    Ground.LANGUAGE: _Cover.NOT_NAMED,
    Ground.SOCIAL_STATUS: _Cover.NOT_NAMED,
    Ground.FAMILY_STATUS: _Cover.NOT_NAMED,
    Ground.APPEARANCE: _Cover.NOT_NAMED,
    Ground.OTHER: _Cover.UNKNOWN,
}
AREA_SPHERE = {
    Area.WORK: _Sphere.EMPLOYMENT,
    Area.AUTHORITIES: _Sphere.SOVEREIGN,
    Area.POLICE_JUSTICE: _Sphere.SOVEREIGN,
    Area.GOODS_SERVICES: _Sphere.PUBLIC_OFFER,
    Area.HOUSING: _Sphere.HOUSING,
    Area.EDUCATION: _Sphere.PUBLIC_OR_PRIVATE,
    Area.HEALTH_CARE: _Sphere.PUBLIC_OR_PRIVATE,
    # Buses and trains: the transport company's staff (a contract), other passengers or
    # the federal police (an identity check) — the area alone cannot tell.
    Area.PUBLIC_TRANSPORT: _Sphere.ANYONE,
    Area.PUBLIC_SPACE: _Sphere.ANYONE,
    Area.INTERNET_MEDIA: _Sphere.ANYONE,
    Area.OTHER: _Sphere.UNKNOWN,
}
# The actor's sphere replaces the areas'; OTHER and UNKNOWN leave the areas to decide.
# Public bodies acting as employer or landlord are recorded as EMPLOYER or LANDLORD.
ACTOR_SPHERE = {
    Actor.EMPLOYER: _Sphere.EMPLOYMENT,
    Actor.LANDLORD: _Sphere.HOUSING,
    Actor.SHOP_SERVICE: _Sphere.PUBLIC_OFFER,
    Actor.BANK_INSURANCE: _Sphere.PUBLIC_OFFER,
    # A ticket is a civil-law contract, municipal company or not.
    Actor.PUBLIC_TRANSPORT: _Sphere.PUBLIC_OFFER,
    Actor.SCHOOL_EDUCATION: _Sphere.PUBLIC_OR_PRIVATE,
    Actor.HEALTH_CARE: _Sphere.PUBLIC_OR_PRIVATE,
    Actor.PUBLIC_AUTHORITY: _Sphere.SOVEREIGN,
    Actor.JOB_CENTRE: _Sphere.SOVEREIGN,
    Actor.IMMIGRATION_OFFICE: _Sphere.SOVEREIGN,
    Actor.POLICE: _Sphere.SOVEREIGN,
    Actor.JUSTICE: _Sphere.SOVEREIGN,
    # A platform refusing an account is a provider; a post or an article is not a dealing.
    Actor.ONLINE_MEDIA: _Sphere.ANYONE,
    Actor.PRIVATE_PERSON: _Sphere.PRIVATE,
}

_P, _O, _U = AggScope.PROTECTED, AggScope.OUTSIDE, AggScope.UNDECIDED
_SPHERES = (
    _Sphere.EMPLOYMENT,
    _Sphere.SOVEREIGN,
    _Sphere.PUBLIC_OFFER,
    _Sphere.HOUSING,
    _Sphere.PUBLIC_OR_PRIVATE,
    _Sphere.ANYONE,
    _Sphere.UNKNOWN,
    _Sphere.PRIVATE,
)
# Cover × sphere, columns in the order of _SPHERES (the table of docs/statistics.md; the
# last column, reached through the actor only, is its actor table's PRIVATE_PERSON row).
_TABLE = {
    _Cover.ETHNIC: (_P, _O, _P, _P, _U, _U, _U, _O),
    _Cover.MASS_BUSINESS: (_P, _O, _P, _U, _U, _U, _U, _O),
    _Cover.EMPLOYMENT_ONLY: (_P, _O, _O, _O, _O, _O, _U, _O),
    _Cover.NOT_NAMED: (_O, _O, _O, _O, _O, _O, _O, _O),
    _Cover.UNKNOWN: (_U, _O, _U, _U, _U, _U, _U, _O),
}
_RULE = {
    (cover, sphere): row[index]
    for cover, row in _TABLE.items()
    for index, sphere in enumerate(_SPHERES)
}


def pair_scope(ground: str, area: str) -> AggScope:
    """The AGG's reach over one ground named in one area."""
    return _RULE[(GROUND_COVER[ground], AREA_SPHERE[area])]


def _spheres(areas: Iterable[str], actor: str) -> set[str]:
    if actor in ACTOR_SPHERE:
        return {ACTOR_SPHERE[actor]}
    return {AREA_SPHERE[area] for area in (list(areas) or [Area.OTHER])}


def agg_scope(grounds: Iterable[str], areas: Iterable[str], actor: str = "") -> AggScope:
    """The outcome for a case naming `grounds` and `areas` (multi-select codes) and
    perhaps a responsible `actor` (empty: none recorded).

    Every named ground is paired with every named area's sphere — or with the actor's,
    which replaces them (no ground counts as OTHER, no area as OTHER). PROTECTED if any
    pair is protected — the person can rely on the AGG for that part —, else UNDECIDED if
    any pair is undecided (it could still turn out protected), else OUTSIDE.
    """
    spheres = _spheres(areas, actor)
    scopes = {
        _RULE[(GROUND_COVER[ground], sphere)]
        for ground in (list(grounds) or [Ground.OTHER])
        for sphere in spheres
    }
    for scope in (AggScope.PROTECTED, AggScope.UNDECIDED):
        if scope in scopes:
            return scope
    return AggScope.OUTSIDE


def effective_agg_scope(
    setting: str, grounds: Iterable[str], areas: Iterable[str], actor: str = ""
) -> str:
    """The caseworker's outcome where they set one, else the rule's."""
    return agg_scope(grounds, areas, actor) if setting == AGG_AUTO else AggScope(setting)


# The AGG's two-month deadline, and when a reporter is told about it. A claim under the
# AGG (§ 15 (4), § 21 (5)) must be raised in writing within two months
# (settings.AGG_CLAIM_MONTHS). Reporters who chose working life, housing or goods and
# services are told, in plain words and as a possibility, not as a legal assessment.
AGG_DEADLINE_AREAS = frozenset({Area.WORK, Area.HOUSING, Area.GOODS_SERVICES})


def agg_deadline_applies(areas: Iterable[str]) -> bool:
    return not AGG_DEADLINE_AREAS.isdisjoint(areas)
