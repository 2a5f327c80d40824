"""Raw counts behind the exports for funders and research (issue 19). Never shown as
they are: reporting/statistics/funder_export.py builds the suppressed tables.

Scope: any date range [start, end] (both days included), counted by the date the report
was received (`Case.received_on`) or by the month of the incident (`Case.incident_month`:
every case whose incident month lies from start's month to end's month; reports without
an incident month cannot be placed and are counted separately, by the date received);
the whole network, the association's own cases (`Case.member_organisation` empty) or one
member organisation's own cases.

The same rules as the annual report: spam and not-discrimination cases are left out
(`cases_received`, the report's `kind`); the reports basis counts `COUNTS_AS_REPORT` cases
(a duplicate is no report of its own), the incidents basis the incidents the team
assessed as discrimination among `COUNTS_AS_INCIDENT` cases (a report linked to another
case's incident is no incident of its own). A calendar year by date received over the
whole network is read from the annual report's tallies (the same figures, kept with
every case change); anything else is counted from the cases. Messages and referrals are
the sums of the counts each case keeps of them (reporting/services/work_counts.py).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from reporting.models import Case, Organisation
from reporting.models.cases import (
    COUNTS_AS_INCIDENT,
    COUNTS_AS_REPORT,
    EXTERNAL_REFERRALS,
    MEMBER_REFERRALS,
    MESSAGE_COUNTS,
    WORK_COUNTS,
)
from reporting.selectors.statistics import (
    cases_received,
    counts_of_cases,
    latest_published,
    year_counts,
)
from reporting.statistics.counts import INCLUDED, YearCounts
from reporting.statistics.suppression import K_DEFAULT

RECEIVED, INCIDENT = "received", "incident"
BASES = (RECEIVED, INCIDENT)
# The organisation of an export: the whole network, the association's own cases, or a
# member organisation's (its id).
NETWORK, ASSOCIATION = "network", "association"
EARLIEST = datetime.date(1, 1, 1)
LATEST = datetime.date(9999, 12, 31)


@dataclass
class ExportCounts:
    """Raw, unsuppressed counts of one export's scope."""

    start: datetime.date
    end: datetime.date
    basis: str  # RECEIVED or INCIDENT
    organisation: str  # NETWORK, ASSOCIATION or a member organisation's id as text
    counts: YearCounts  # every figure of the annual report, on both bases
    # Basis INCIDENT: reports and incidents received in the range without an incident
    # month (in no figure of `counts`).
    undated: dict[str, int] = field(default_factory=lambda: {"reports": 0, "incidents": 0})
    messages: Counter = field(default_factory=Counter)  # MessageAuthor code → messages
    referrals: Counter = field(default_factory=Counter)  # MEMBER / EXTERNAL → referrals


def scoped_cases(
    start: datetime.date, end: datetime.date, basis: str, organisation: str
) -> QuerySet[Case]:
    """`cases_received` (with their `kind`) of the scope, before the bases' filters."""
    if basis == RECEIVED:
        cases = cases_received(start, end + datetime.timedelta(days=1))
    else:
        cases = cases_received(EARLIEST, LATEST).filter(
            incident_month__gte=f"{start:%Y-%m}", incident_month__lte=f"{end:%Y-%m}"
        )
    return _of_organisation(cases, organisation)


def _of_organisation(cases: QuerySet[Case], organisation: str) -> QuerySet[Case]:
    if organisation == NETWORK:
        return cases
    if organisation == ASSOCIATION:
        return cases.filter(member_organisation__isnull=True)
    return cases.filter(member_organisation_id=int(organisation))


def _is_calendar_year(start: datetime.date, end: datetime.date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
        start.year == end.year
    )


def is_annual_scope(start: datetime.date, end: datetime.date, basis: str, organisation: str):
    """The scope of an annual report: the whole network's calendar year by date received."""
    return basis == RECEIVED and organisation == NETWORK and _is_calendar_year(start, end)


def export_counts(
    *, start: datetime.date, end: datetime.date, basis: str, organisation: str
) -> ExportCounts:
    """Every raw count of one export (see the module docstring)."""
    if is_annual_scope(start, end, basis, organisation):
        counts = year_counts(start.year)
    else:
        counts = counts_of_cases(scoped_cases(start, end, basis, organisation), year=start.year)
    result = ExportCounts(
        start=start, end=end, basis=basis, organisation=organisation, counts=counts
    )
    included = scoped_cases(start, end, basis, organisation).filter(COUNTS_AS_REPORT, kind=INCLUDED)
    if basis == INCIDENT:
        undated = _of_organisation(
            cases_received(start, end + datetime.timedelta(days=1)), organisation
        ).filter(incident_month="", kind=INCLUDED)
        result.undated = {
            "reports": undated.filter(COUNTS_AS_REPORT).count(),
            "incidents": undated.filter(COUNTS_AS_INCIDENT, is_discrimination=True).count(),
        }
    work = included.aggregate(**{column: Sum(column, default=0) for column in WORK_COUNTS})
    result.messages = Counter({side.value: work[column] for side, column in MESSAGE_COUNTS.items()})
    result.referrals = Counter(
        {"MEMBER": work[MEMBER_REFERRALS], "EXTERNAL": work[EXTERNAL_REFERRALS]}
    )
    return result


def member_organisations() -> QuerySet[Organisation]:
    """The member organisations an export can be made for (active or not: past years)."""
    return Organisation.objects.filter(kind=Organisation.Kind.MEMBER).order_by("name")


def export_k(year: int) -> int:
    """The k of the annual report of `year` (its latest published edition), else the
    default that annual reports start with."""
    report = latest_published(year)
    return report.k if report is not None else K_DEFAULT


def organisation_label(organisation: str) -> str:
    """The scope's name for the method notes (a member organisation's own name)."""
    from django.utils.translation import gettext as _

    if organisation == NETWORK:
        return _("The whole network (the association and every member organisation)")
    if organisation == ASSOCIATION:
        return _("The association's own cases")
    return Organisation.objects.get(pk=int(organisation)).name


def funder_export(
    *, start: datetime.date, end: datetime.date, basis: str, organisation: str, today
) -> dict:
    """The suppressed export of one scope (reporting/statistics/funder_export.py)."""
    from reporting.statistics.funder_export import build_export

    raw = export_counts(start=start, end=end, basis=basis, organisation=organisation)
    return build_export(
        raw,
        k=export_k(start.year),
        organisation_label=organisation_label(organisation),
        today=today,
        as_published=is_annual_scope(start, end, basis, organisation),
    )
