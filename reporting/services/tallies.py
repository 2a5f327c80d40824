"""Running tallies behind the statistics (StatisticsTally), kept with every case change.

Grouping a million cases four ways costs SQLite 8 s (it groups by sorting, or
Python counts every row); the annual report instead reads the few thousand
tallies of its year. Every service that creates a case, changes its
classification or its status moves the case's keys in the same transaction
(`tallies_move(case_tallies(before), case_tallies(after))`; a new case's statement,
`tallies_statement`, goes in with its INSERT). Bulk loads
(seeders, imports) rebuild whole years by counting the cases
(`tallies_rebuild`), which is also the reference the tests compare with.

A case counts once per year under the keys of `YearCounts`: an excluded case
(spam, not discrimination) under its kind only; an included case under its
singles key, district × grounds, grounds × areas, forms, incident types, AGG
scope, channel, actor, multidimensional flag, consequences, intervention kinds, outcome
and link (an incident of its own, or linked to another report's);
an included case the team assessed as discrimination under each of them once more,
on the basis of incidents (figure names prefixed `i:`), if it is an incident of its own
(COUNTS_AS_INCIDENT: not linked to another case's incident). A duplicate
(COUNTS_AS_REPORT) counts under nothing: it is no report of its own. Linking and
unlinking change only the linked case's row, so they move its tallies like any change.
"""

from collections import Counter

from django.db import connection, transaction

from reporting.models import Case, CaseLink, CaseStatus, StatisticsTally
from reporting.services.work_counts import work_counts_rebuild
from reporting.statistics.counts import (
    ACTOR,
    AGG,
    CHANNEL,
    CONSEQUENCES,
    DISTRICT_GROUNDS,
    EXCLUDED,
    FORMS,
    GROUNDS_AREAS,
    INCIDENT_TYPES,
    INCIDENTS_PREFIX,
    INCLUDED,
    INTERVENTIONS,
    LINKED,
    MULTIDIMENSIONAL,
    NOT_DISCRIMINATION,
    OUTCOME,
    SINGLES,
    SPAM,
    tallies_of_counts,
    tally_key,
)

_MASK_FIELDS = (
    "grounds", "areas", "forms", "incident_types", "consequences", "intervention_kinds",
)  # fmt: skip
_MASKS = {name: Case._meta.get_field(name) for name in _MASK_FIELDS}

# What a case's derived columns (Case.CLASSIFICATION) and tallies mean. Bump it whenever
# that changes (a new figure, another rule): the next `migrate` classifies every case
# again and recounts every year with the code of that release (reporting/apps.py), so no
# migration has to import today's services. 2: the AGG outcome by ground and area;
# 3: incident types, actor, consequences, interventions and outcome; 4: a closed spam or
# not-discrimination case stays excluded (Case.excluded_as); 5: every figure on both
# bases, reports and incidents; 6: the channel a report came in by (Case.channel, copied
# from the report by classify, so every case gets it from this recount); 7: linked cases
# (Case.link_kind): a duplicate counts nowhere, a report linked to another case's incident
# is a report but no incident of its own; 8: the messages and referrals of a case counted
# on it (reporting/services/work_counts.py), which the exports sum.
COUNTING_FORMAT = 8
# Stored as a tally of year 0, which no year's figures read.
_FORMAT_ROW = {"year": 0, "figure": "format", "key": ""}
_BATCH = 2000


def kind_of(case: Case) -> str:
    """The same rule as the SQL of reporting.selectors.statistics.cases_received."""
    if case.excluded_as == CaseStatus.SPAM:
        return SPAM
    if case.excluded_as == CaseStatus.NOT_DISCRIMINATION or case.is_discrimination is False:
        return NOT_DISCRIMINATION
    return INCLUDED


def case_tallies(case: Case) -> Counter:
    """The (year, figure, key) tallies one case counts under, each once (none for a
    duplicate)."""
    if case.link_kind == CaseLink.DUPLICATE:
        return Counter()
    year, kind = case.received_on.year, kind_of(case)
    if kind != INCLUDED:
        return Counter({(year, EXCLUDED, tally_key(kind)): 1})
    mask = {name: field.get_prep_value(getattr(case, name)) for name, field in _MASKS.items()}
    singles = tally_key(
        case.incident_month or "",
        case.language,
        case.reporter_role,
        case.reported_to_police,
        bool(case.assessed),
    )
    keys = {
        SINGLES: singles,
        DISTRICT_GROUNDS: tally_key(case.district, mask["grounds"]),
        GROUNDS_AREAS: tally_key(mask["grounds"], mask["areas"]),
        FORMS: tally_key(mask["forms"]),
        INCIDENT_TYPES: tally_key(mask["incident_types"]),
        AGG: tally_key(case.agg_scope),
        CHANNEL: tally_key(case.channel),
        ACTOR: tally_key(case.actor or ""),
        MULTIDIMENSIONAL: tally_key(bool(case.multidimensional)),
        CONSEQUENCES: tally_key(mask["consequences"]),
        INTERVENTIONS: tally_key(mask["intervention_kinds"]),
        OUTCOME: tally_key(case.outcome or ""),
        LINKED: tally_key(case.link_kind),
    }
    # Every figure on the basis of reports; an incident assessed as discrimination also
    # on the basis of incidents.
    prefixes = ["", INCIDENTS_PREFIX] if is_confirmed(case) else [""]
    return Counter(
        {(year, prefix + figure, key): 1 for prefix in prefixes for figure, key in keys.items()}
    )


def is_confirmed(case: Case) -> bool:
    """An incident of its own (not linked to another case's) that the team assessed as
    discrimination (only an assessment says so); the same rule as the SQL of
    reporting.selectors.statistics._effective_rows_sql."""
    return case.is_discrimination is True and case.link_kind == ""


def tallies_move(before: Counter | None = None, after: Counter | None = None) -> None:
    """Apply the difference between two sets of tallies in one statement."""
    statement = tallies_statement(before, after)
    if statement is not None:
        with connection.cursor() as cursor:
            cursor.execute(*statement)


def tallies_statement(
    before: Counter | None = None, after: Counter | None = None
) -> tuple[str, list] | None:
    """The upsert that moves the tallies from `before` to `after` (None: nothing moves).

    It adds to the stored count atomically on PostgreSQL and SQLite alike; rows go in
    key order, so concurrent moves lock them in the same order. On PostgreSQL the rows
    travel as four arrays: one statement text for any number of rows, prepared once
    per connection, and four parameters, which keep a submission's single statement
    within what psycopg caches the parsing of (guarded in
    tests/reporting/services/test_report_submit.py).
    """
    delta = Counter(after or {})
    delta.subtract(before or {})
    rows = sorted((key, n) for key, n in delta.items() if n)
    if not rows:
        return None
    quote = connection.ops.quote_name
    names = ("year", "figure", "key", "count")
    table = quote(StatisticsTally._meta.db_table)
    columns = ", ".join(quote(name) for name in names)
    if connection.vendor == "postgresql":
        arrays = ", ".join(
            f"%s::{StatisticsTally._meta.get_field(name).db_type(connection)}[]" for name in names
        )
        source = f"SELECT * FROM unnest({arrays})"  # noqa: S608 - unnest keeps their order
        params = [list(column) for column in zip(*((*key, n) for key, n in rows), strict=True)]
    else:
        source = "VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        params = [value for (year, figure, key), n in rows for value in (year, figure, key, n)]
    count = quote("count")
    sql = (
        f"INSERT INTO {table} ({columns}) {source} "
        f"ON CONFLICT ({quote('year')}, {quote('figure')}, {quote('key')}) "
        f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    return sql, params


def counting_refresh_if_stale() -> bool:
    """Classify every case again, recount its work and every year, if the stored counting
    format is not this code's. Returns whether it did."""
    stored = StatisticsTally.objects.filter(**_FORMAT_ROW).values_list("count", flat=True)
    if list(stored) == [COUNTING_FORMAT]:
        return False
    with transaction.atomic():
        cases = Case.objects.select_related("report", "assessment").order_by("pk")
        batch = []
        for case in cases.iterator(chunk_size=_BATCH):
            case.classify(case.report, getattr(case, "assessment", None))
            batch.append(case)
            if len(batch) == _BATCH:
                Case.objects.bulk_update(batch, Case.CLASSIFICATION)
                batch = []
        Case.objects.bulk_update(batch, Case.CLASSIFICATION)
        work_counts_rebuild()
        tallies_rebuild()
        StatisticsTally.objects.update_or_create(**_FORMAT_ROW, defaults={"count": COUNTING_FORMAT})
    return True


def tallies_rebuild(years: list[int] | None = None) -> None:
    """Recount `years` (default: every year with cases) from the cases themselves."""
    from reporting.selectors.statistics import year_counts_scanned

    if years is None:
        years = [day.year for day in Case.objects.dates("received_on", "year")]
    with transaction.atomic():
        StatisticsTally.objects.filter(year__in=years).delete()
        for year in years:
            tallies = tallies_of_counts(year_counts_scanned(year))
            StatisticsTally.objects.bulk_create(
                StatisticsTally(year=y, figure=figure, key=key, count=n)
                for (y, figure, key), n in tallies.items()
                if n
            )
