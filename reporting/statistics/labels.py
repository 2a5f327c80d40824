"""Translated labels for the codes in a statistics body (snapshots hold codes only)."""

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from reporting.statistics import annual
from reporting.vocabulary.agg import AggScope
from reporting.vocabulary.django_strings import MONTHS
from reporting.vocabulary.documentation import (
    Actor,
    Consequence,
    CounsellingOutcome,
    InterventionKind,
)
from reporting.vocabulary.taxonomy import (
    SAXON_DISTRICTS,
    Area,
    Channel,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    Region,
    ReporterRole,
)

TAXONOMY = {
    "ground": Ground,
    "area": Area,
    "form": Form,
    "incident_type": IncidentType,
    "district": District,
    "reporter_role": ReporterRole,
    "police": PoliceReport,
    "agg_scope": AggScope,
    "channel": Channel,
    "actor": Actor,
    "consequence": Consequence,
    "intervention": InterventionKind,
    "outcome": CounsellingOutcome,
}
MULTIDIMENSIONAL = {
    annual.YES: _("Multidimensional (several grounds acting together)"),
    annual.NO: _("Not multidimensional"),
}
# "None given" reads wrongly where the team has not recorded something (yet).
NOT_RECORDED = {
    "actor": _("Not recorded"),
    "outcome": _("No outcome recorded (yet)"),
}

OVERVIEW = {
    annual.RECEIVED: _("Reports received"),
    annual.SPAM: _("Excluded: spam"),
    annual.NOT_DISCRIMINATION: _("Excluded: assessed as not discrimination"),
    annual.INCLUDED: _("Reports counted in this report"),
    annual.ASSESSED: _("of which classified by a caseworker"),
    annual.SELF_CLASSIFIED: _("of which as classified by the reporter"),
    annual.LINKED_REPORTS: _("of which further reports about an incident already counted"),
    annual.INCIDENTS: _("Incidents these reports are about"),
    annual.CONFIRMED: _("Incidents assessed as discrimination by the team"),
}
# The `agg` table of editions published in format 1 (see ERRATA).
AGG = {
    annual.WITHIN_AGG: _("At least one ground protected by the AGG"),
    annual.OUTSIDE_AGG: _("Only grounds not protected by the AGG"),
    annual.NONE: _("No ground given"),
}
ERRATA = {
    annual.AGG_BY_GROUND_ONLY: _(
        "Correction: the table “Within and outside the General Equal Treatment Act (AGG)” "
        "in this edition decided by the ground of discrimination alone. The AGG protects "
        "these grounds only at work and in dealings under civil law, such as shopping, "
        "housing and private insurance, and not against acts of the state, such as police "
        "checks or decisions of authorities. The table therefore counted too many reports as "
        "within the AGG. Later editions read the ground and the area of life together. This "
        "edition is left as it was published."
    ),
}
SPECIAL = {
    annual.NONE: _("None given"),
    annual.OTHER_YEAR: _("In another year"),
    annual.UNKNOWN: _("Unknown"),
    annual.OTHER: _("Other"),
}
SPECIAL_MENTIONS = _("Mentions")
INCIDENTS = _("Incidents")
SPECIAL_TOTAL = _("Total")

TITLES = {
    "overview": _("Reports at a glance"),
    "grounds": _("Grounds of discrimination"),
    "agg": _("Within and outside the General Equal Treatment Act (AGG)"),
    "agg_scope": _("Protection by the General Equal Treatment Act (AGG)"),
    "areas": _("Areas of life"),
    "forms": _("Forms of discrimination"),
    "incident_types": _("Type of incident"),
    "actors": _("Who was responsible"),
    "multidimensional": _("Multidimensional discrimination"),
    "consequences": _("Consequences for the affected person"),
    "interventions": _("What the counsellors did"),
    "outcomes": _("How counselling ended"),
    "districts": _("Districts"),
    "months": _("Month of the incident"),
    "languages": _("Language of the report"),
    "reporter_roles": _("Who reported"),
    "police": _("Reported to the police"),
    "channels": _("How the report came in"),
    "ground_area": _("Grounds by area of life"),
    "district_ground": _("Districts by ground"),
}
DESCRIPTIONS = {
    "overview": _(
        "Reports received in the year. Spam and reports that were assessed as not "
        "discrimination are not counted in any other table."
    ),
    "grounds": _(
        "A report can name several grounds, so the rows add up to the number of mentions, "
        "not of reports. Shares are of all reports."
    ),
    "agg": _("Each report counted once: these rows add up to the number of reports."),
    "agg_scope": _(
        "Whether the AGG applies, read from the ground and the area of life together (see "
        "the method). Each report counted once: these rows add up to the number of reports."
    ),
    "areas": _("A report can name several areas of life; shares are of all reports."),
    "forms": _(
        "How someone was treated worse, in the terms of the AGG. A report can name several "
        "forms; shares are of all reports."
    ),
    "incident_types": _(
        "What was done, in the categories of the incident monitors. A report can name "
        "several; shares are of all reports."
    ),
    "actors": _(
        "Counted: incidents the team assessed as discrimination. Each incident counted once."
    ),
    "multidimensional": _(
        "Counted: incidents the team assessed as discrimination. Multidimensional: several "
        "grounds acted together, as the team judged it."
    ),
    "consequences": _(
        "Counted: incidents the team assessed as discrimination. An incident can have several "
        "consequences; shares are of all incidents."
    ),
    "interventions": _(
        "Counted: incidents the team assessed as discrimination. Each kind of intervention "
        "is counted once per incident; shares are of all incidents."
    ),
    "outcomes": _(
        "Counted: incidents the team assessed as discrimination. Each incident counted once; "
        "cases still in counselling have no outcome yet."
    ),
    "districts": _("Where it happened; each report counted once."),
    "months": _("When it happened, as far as known; each report counted once."),
    "languages": _("The language the report was written in."),
    "reporter_roles": _("Whether the person was affected, a witness or reported for someone."),
    "police": _("Whether the incident was also reported to the police."),
    "channels": _("How reports reached the service: online, or taken down by staff."),
    "ground_area": _(
        "Reports naming both the ground and the area. A report with two grounds and two "
        "areas is counted in four cells."
    ),
    "district_ground": _(
        "Reports from the district naming the ground. The column totals are the figures of "
        "the grounds table."
    ),
}
DIMENSIONS = {
    "overview": _("Reports"),
    "ground": _("Ground"),
    "agg": _("Grounds"),
    "agg_scope": _("General Equal Treatment Act (AGG)"),
    "area": _("Area of life"),
    "form": _("Form"),
    "incident_type": _("Type of incident"),
    "actor": _("Responsible"),
    "multidimensional": _("Multidimensional"),
    "consequence": _("Consequence"),
    "intervention": _("Intervention"),
    "outcome": _("Outcome"),
    "district": _("District"),
    "month": _("Month"),
    "language": _("Language"),
    "reporter_role": _("Reported by"),
    "police": _("Reported to the police"),
    "channel": _("Channel"),
}


def code_label(dimension: str, code: str) -> str:
    """The label of `code` in the active language."""
    if dimension == "overview":
        return str(OVERVIEW.get(code, code))
    if dimension == "agg":
        return str(AGG.get(code, code))
    if dimension == "multidimensional":
        return str(MULTIDIMENSIONAL.get(code, code))
    if code == annual.NONE and dimension in NOT_RECORDED:
        return str(NOT_RECORDED[dimension])
    if code in SPECIAL:
        return str(SPECIAL[code])
    if dimension == "month":
        try:
            return str(MONTHS[int(code[5:7])])
        except (ValueError, KeyError):
            return code
    if dimension == "language":
        if code in dict(settings.LANGUAGES):
            return get_language_info(code)["name_translated"]
        return code
    if dimension == "district" and code in Region.values:
        return str(Region(code).label)
    choices = TAXONOMY.get(dimension)
    if choices is not None and code in choices.values:
        return str(choices(code).label)
    return code


def dimension_label(dimension: str) -> str:
    return str(DIMENSIONS.get(dimension, dimension))


# The twin of a table on its other counting basis (annual.NATIVE_BASIS): its title says
# the basis, its note what that basis counts.
BASIS_TITLES = {
    annual.REPORTS_BASIS: _("%(title)s: reports received"),
    annual.INCIDENTS_BASIS: _("%(title)s: incidents assessed as discrimination"),
}
BASIS_NOTES = {
    annual.REPORTS_BASIS: _(
        "The same question over all reports counted in this report, also those the team "
        "has not assessed (yet); shares are of these reports."
    ),
    annual.INCIDENTS_BASIS: _(
        "The same question over the incidents the team assessed as discrimination only, "
        "as the incident monitors count; shares are of these incidents."
    ),
}


def _twin(table_id: str) -> tuple[str, str | None]:
    """(the table's plain id, the basis of a twin or None)."""
    base, _sep, basis = table_id.rpartition("-")
    return (base, basis) if base and basis in annual.BASES else (table_id, None)


def table_title(table_id: str) -> str:
    base, basis = _twin(table_id)
    title = str(TITLES.get(base, base))
    return str(BASIS_TITLES[basis]) % {"title": title} if basis else title


def table_description(table_id: str) -> str:
    base, basis = _twin(table_id)
    return str(BASIS_NOTES[basis] if basis else DESCRIPTIONS.get(base, ""))


def errata(body: dict) -> list[dict]:
    """`annual.errata(body)` with each note's text in the active language."""
    return [{**erratum, "text": str(ERRATA[erratum["code"]])} for erratum in annual.errata(body)]


def codes() -> dict[str, list[str]]:
    """Display order of every dimension, for `annual.build_tables`."""
    saxon = [district.value for district in SAXON_DISTRICTS]
    non_saxon = [code for code in District.values if code not in saxon]
    return {
        "ground": list(Ground.values),
        "area": list(Area.values),
        "form": list(Form.values),
        "incident_type": list(IncidentType.values),
        # Regions (districts coarsened by retention) after the districts; build_tables
        # shows their rows only in years that have such reports.
        "district": [*saxon, *Region.values, *non_saxon],
        "region": list(Region.values),
        "language": [code for code, _name in settings.LANGUAGES],
        "reporter_role": list(ReporterRole.values),
        "police": list(PoliceReport.values),
        "agg_scope": list(AggScope.values),
        "channel": list(Channel.values),
        "actor": list(Actor.values),
        "consequence": list(Consequence.values),
        "intervention": list(InterventionKind.values),
        "outcome": list(CounsellingOutcome.values),
    }
