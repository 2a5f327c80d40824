"""Statistics reads: SQL aggregations over clear columns only (nothing is decrypted).

Every classification is the *effective* one: the caseworker's assessment where
it exists, else the reporter's own. The case carries it (`Case.classify`, kept by
the services), so every count reads one table and joins nothing.
Reports of a year are those *received* in it (`Case.received_on`, the report's date).

Cases that are spam or not discrimination (`Case.excluded_as`, which outlives the
status SPAM or NOT_DISCRIMINATION when the case is closed, or an assessment saying
`is_discrimination = False`) are left out of every table and counted separately.
A duplicate (`COUNTS_AS_REPORT`) is counted nowhere; a report linked to another case's
incident counts as a report, and on the basis of incidents only its lead does
(`COUNTS_AS_INCIDENT`): three witnesses of one attack are 3 reports and 1 incident.

The annual report and the dashboard read a year from the tallies
(`year_counts`; StatisticsTally, kept by reporting/services/tallies.py with
every change of a case), a few thousand rows. Counting the cases themselves
(`year_counts_scanned`) is what rebuilding the tallies does, and what the tests
compare them with: one statement per year, its rows grouped a dozen ways on the
stored bitmasks and codes — in SQL on PostgreSQL (a materialised CTE and hash aggregates),
in Python on SQLite (which can only group by sorting). The same raw counts feed
the annual report (with suppression) and the staff dashboard (without).
"""

import datetime
from collections import Counter

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Value,
)
from django.db.models import Case as CaseWhen
from django.db.models import When as CaseWhenBranch
from django.db.models.functions import TruncDate
from django.utils import timezone

from reporting.models import AnnualReport, Case, CaseStatus, StatisticsTally
from reporting.models.cases import COUNTS_AS_INCIDENT, COUNTS_AS_REPORT
from reporting.statistics import labels
from reporting.statistics.annual import build_tables
from reporting.statistics.counts import (
    ACTOR,
    AGG,
    CHANNEL,
    CONSEQUENCES,
    FORMS,
    INCIDENT_TYPES,
    INCLUDED,
    INTERVENTIONS,
    LINKED,
    MULTIDIMENSIONAL,
    NOT_DISCRIMINATION,
    OUTCOME,
    SPAM,
    YearCounts,
    counts_of_tallies,
)

OPEN_STATUSES = (
    CaseStatus.NEW,
    CaseStatus.IN_REVIEW,
    CaseStatus.IN_COUNSELLING,
    CaseStatus.REFERRED,
)
# Age of open cases in days: [lower, upper) per bucket; the last has no upper end.
AGE_BUCKETS = ((0, 7), (7, 30), (30, 90), (90, None))
MASK = BigIntegerField()


class _Unindexed(Func):
    """On SQLite, `+column`: a year is most of the table, and a table scan beats
    thousands of random reads through the date index. Elsewhere the column as is."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def cases_received(start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    """Cases of reports received from `start` to before `end`, with the figures counted.

    One table: the case carries its effective classification (Case.classify).
    """
    return (
        Case.objects.annotate(received=_Unindexed(F("received_on"), output_field=DateField()))
        .filter(received__gte=start, received__lt=end)
        .annotate(
            kind=CaseWhen(
                CaseWhenBranch(excluded_as=CaseStatus.SPAM, then=Value(SPAM)),
                CaseWhenBranch(
                    Q(excluded_as=CaseStatus.NOT_DISCRIMINATION) | Q(is_discrimination=False),
                    then=Value(NOT_DISCRIMINATION),
                ),
                default=Value(INCLUDED),
                output_field=CharField(),
            ),
            # Raw masks (BigIntegerField, not CodeSetField): they are group keys, decoded
            # once per group in Python rather than once per row.
            **{
                f"eff_{name}": ExpressionWrapper(F(name), output_field=MASK)
                for name in _MASK_COLUMNS
            },
        )
    )


_MASK_COLUMNS = (
    "grounds", "areas", "forms", "incident_types", "consequences", "intervention_kinds",
)  # fmt: skip
# The counted row of a case, in this order: the CTE below names its columns.
EFFECTIVE = (
    "kind",
    "assessed",
    "eff_grounds",
    "eff_areas",
    "eff_forms",
    "district",
    "incident_month",
    "language",
    "reporter_role",
    "reported_to_police",
    "agg_scope",
    "eff_incident_types",
    "incident_confirmed",
    "actor",
    "multidimensional",
    "eff_consequences",
    "eff_intervention_kinds",
    "outcome",
    "channel",
    "link_kind",
)
# Figures keyed by one value: (figure, column of the CTE, slot of the union it comes back
# in). Masks come back in the first mask's slot, strings in the district's, the
# multidimensional flag in the assessed flag's.
_ONE_VALUE = (
    (FORMS, "f", "b1"),
    (AGG, "a", "d"),
    (INCIDENT_TYPES, "it", "b1"),
    (ACTOR, "act", "d"),
    (MULTIDIMENSIONAL, "md", "assessed"),
    (CONSEQUENCES, "cons", "b1"),
    (INTERVENTIONS, "iv", "b1"),
    (OUTCOME, "out", "d"),
    (CHANNEL, "ch", "d"),
    (LINKED, "lk", "d"),
)
_SLOTS = ("assessed", "m", "l", "ro", "p", "d", "b1", "b2")
_NULLS = {"b1": "NULL::bigint", "b2": "NULL::bigint"}
# Every branch also groups by whether the team assessed the case as discrimination
# (`conf`): those rows count on the basis of incidents too.
_CONFIRMED = "conf IS TRUE"


def _one_value_branch(tag: int, column: str, slot: str) -> str:
    selected = ", ".join(column if s == slot else _NULLS.get(s, "NULL") for s in _SLOTS)
    return (
        f"SELECT {tag}, kind, {_CONFIRMED}, {selected}, COUNT(*)\n"  # noqa: S608 - names from _ONE_VALUE
        f"  FROM eff WHERE kind = %s GROUP BY kind, {_CONFIRMED}, {column}"
    )


# One join pass, materialised once, grouped many ways (PostgreSQL).
GROUPED_SQL = "\nUNION ALL\n".join(
    [
        "WITH eff (kind, assessed, g, ar, f, d, m, l, ro, p, a, it, conf, act, md, cons, iv, "
        "out, ch, lk) AS MATERIALIZED ({rows})\n"
        "SELECT 1, kind, conf IS TRUE, assessed, m, l, ro, p, NULL, NULL::bigint, "
        "NULL::bigint, COUNT(*)\n"
        "  FROM eff GROUP BY kind, conf IS TRUE, assessed, m, l, ro, p",
        "SELECT 2, kind, conf IS TRUE, NULL, NULL, NULL, NULL, NULL, d, g, NULL, COUNT(*)\n"
        "  FROM eff WHERE kind = %s GROUP BY kind, conf IS TRUE, d, g",
        "SELECT 3, kind, conf IS TRUE, NULL, NULL, NULL, NULL, NULL, NULL, g, ar, COUNT(*)\n"
        "  FROM eff WHERE kind = %s GROUP BY kind, conf IS TRUE, g, ar",
        *(
            _one_value_branch(tag, column, slot)
            for tag, (_figure, column, slot) in enumerate(_ONE_VALUE, start=4)
        ),
    ]
)
# Hash aggregation of a million rows needs more than the default 4 MB.
POSTGRES_WORK_MEM = "256MB"
FETCH_SIZE = 20_000


def _bases(counts: YearCounts, kind, confirmed) -> list[YearCounts]:
    """The counts a row adds to: an included case to the reports, an incident assessed
    as discrimination to the incidents as well."""
    if kind != INCLUDED:
        return []
    return [counts, counts.incidents] if confirmed else [counts]


def _add_singles(counts: YearCounts, kind, confirmed, assessed, month, language, role, police, n):
    if kind != INCLUDED:
        counts.excluded[kind] = counts.excluded.get(kind, 0) + n
    for basis in _bases(counts, kind, confirmed):
        basis.singles[(month or "", language, role, police, bool(assessed))] += n


def _one_value(figure: str, value):
    """A value as its tally key holds it: SQLite returns the flag as 0 / 1, "" stays ""."""
    return bool(value) if figure == MULTIDIMENSIONAL else value


def _effective_rows_sql(year: int, cases: QuerySet[Case] | None = None) -> tuple[str, tuple]:
    """The effective classification of every report received in `year` (or of `cases`, a
    filtered `cases_received` queryset), as SQL. Duplicates are no reports;
    `incident_confirmed` is the assessment of an incident of its own, NULL for a report
    linked to another's."""
    if cases is None:
        cases = cases_received(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    confirmed = CaseWhen(
        CaseWhenBranch(COUNTS_AS_INCIDENT, then=F("is_discrimination")),
        default=Value(None),
        output_field=BooleanField(null=True),
    )
    cases = cases.filter(COUNTS_AS_REPORT).annotate(incident_confirmed=confirmed)
    return cases.order_by().values_list(*EFFECTIVE).query.sql_with_params()


def _counts_grouped_in_sql(year: int, cases: QuerySet[Case] | None = None) -> YearCounts:
    """PostgreSQL: one statement; the join runs once and hash aggregates do the rest."""
    rows_sql, params = _effective_rows_sql(year, cases)
    counts = YearCounts.of(year)
    branches = 2 + len(_ONE_VALUE)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{POSTGRES_WORK_MEM}'")
        cursor.execute(GROUPED_SQL.format(rows=rows_sql), (*params, *[INCLUDED] * branches))
        for tag, kind, conf, assessed, m, lang, ro, p, d, b1, b2, n in cursor.fetchall():
            if tag == 1:
                _add_singles(counts, kind, conf, assessed, m, lang, ro, p, n)
                continue
            for basis in _bases(counts, kind, conf):
                if tag == 2:
                    basis.district_grounds[(d, b1)] += n
                elif tag == 3:
                    basis.grounds_areas[(b1, b2)] += n
                else:
                    figure, _column, slot = _ONE_VALUE[tag - 4]
                    value = {"d": d, "b1": b1, "assessed": assessed}[slot]
                    getattr(basis, figure)[_one_value(figure, value)] += n
    return counts


def _counts_streamed(year: int, cases: QuerySet[Case] | None = None) -> YearCounts:
    """Any backend (SQLite): one pass over the effective rows, counted in Python.

    SQLite has no hash aggregation: each GROUP BY sorts every row, so a dozen of them
    cost more than streaming the rows once and counting them with Counter (C code).
    """
    rows_sql, params = _effective_rows_sql(year, cases)
    singles, district_grounds, grounds_areas = Counter(), Counter(), Counter()
    one_value = {figure: Counter() for figure, *_rest in _ONE_VALUE}
    with connection.cursor() as cursor:
        cursor.execute(rows_sql, params)
        while chunk := cursor.fetchmany(FETCH_SIZE):
            (kind, assessed, g, ar, f, d, m, lang, role, police, a, it, conf, act, md, cons,
             iv, out, ch, lk) = zip(*chunk, strict=True)  # fmt: skip
            confirmed = [flag is True or flag == 1 for flag in conf]
            singles.update(zip(kind, confirmed, assessed, m, lang, role, police, strict=True))
            district_grounds.update(zip(kind, confirmed, d, g, strict=True))
            grounds_areas.update(zip(kind, confirmed, g, ar, strict=True))
            columns = {"f": f, "a": a, "it": it, "act": act, "md": md, "cons": cons, "iv": iv,
                       "out": out, "ch": ch, "lk": lk}  # fmt: skip
            for figure, column, _slot in _ONE_VALUE:
                one_value[figure].update(zip(kind, confirmed, columns[column], strict=True))
    counts = YearCounts.of(year)
    for key, n in singles.items():
        _add_singles(counts, *key, n)
    for (kind, confirmed, d, g), n in district_grounds.items():
        for basis in _bases(counts, kind, confirmed):
            basis.district_grounds[(d, g)] += n
    for (kind, confirmed, g, ar), n in grounds_areas.items():
        for basis in _bases(counts, kind, confirmed):
            basis.grounds_areas[(g, ar)] += n
    for figure, _column, _slot in _ONE_VALUE:
        for (kind, confirmed, value), n in one_value[figure].items():
            for basis in _bases(counts, kind, confirmed):
                getattr(basis, figure)[_one_value(figure, value)] += n
    return counts


def year_counts(year: int) -> YearCounts:
    """All raw counts of `year`, from the tallies kept on every case change."""
    rows = StatisticsTally.objects.filter(year=year).exclude(count=0)
    return counts_of_tallies(year, rows.values_list("figure", "key", "count"))


def year_counts_scanned(
    year: int, *, streamed: bool | None = None, where: Q | None = None
) -> YearCounts:
    """All raw counts of `year`, counted from the cases (what the tallies must equal);
    with `where`, of the cases it selects only (one organisation's, say).

    PostgreSQL groups in SQL; SQLite streams the rows: each in one statement, so every
    figure comes from the same snapshot and the tables' equations hold.
    """
    if streamed is None:
        streamed = connection.vendor != "postgresql"
    count = _counts_streamed if streamed else _counts_grouped_in_sql
    if where is None:
        return count(year)
    start = datetime.date(year, 1, 1)
    return count(year, cases_received(start, start.replace(year=year + 1)).filter(where))


def counts_of_cases(cases: QuerySet[Case], *, year: int) -> YearCounts:
    """The raw counts of `cases` (a filtered `cases_received` queryset), as
    `year_counts_scanned` counts a year: any date range, one organisation (the exports of
    reporting/selectors/funder_export.py). `year` only places the incident months."""
    if connection.vendor == "postgresql":
        return _counts_grouped_in_sql(year, cases)
    return _counts_streamed(year, cases)


# -- live figures for the staff dashboard (never published) ------------------------------


def open_cases_by_status_and_age(today: datetime.date | None = None) -> dict[str, list[int]]:
    """Open cases per status, split by days since submission (AGE_BUCKETS)."""
    today = today or timezone.localdate()
    aggregates = {}
    for index, (low, high) in enumerate(AGE_BUCKETS):
        condition = Q(received_on__lte=today - datetime.timedelta(days=low))
        if high is not None:
            condition &= Q(received_on__gt=today - datetime.timedelta(days=high))
        aggregates[f"b{index}"] = Count("id", filter=condition)
    rows = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(**aggregates)
        .order_by()
    )
    result = {str(status): [0] * len(AGE_BUCKETS) for status in OPEN_STATUSES}
    for row in rows:
        result[row["status"]] = [row[f"b{i}"] for i in range(len(AGE_BUCKETS))]
    return result


def median_days_to(stamp: str, since: datetime.date) -> tuple[float | None, int]:
    """Median days from submission (a date) to `stamp` (first_triaged_at / first_replied_at)
    over cases received since `since`, and how many cases it is based on.

    Submission is stored with date precision only, so this is whole days: grouped
    by (received on, stamped on) in SQL, the median is taken in Python.
    """
    rows = (
        Case.objects.filter(received_on__gte=since, **{f"{stamp}__isnull": False})
        .annotate(day=TruncDate(stamp))
        .values("received_on", "day")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("received_on", "day", "n")
    )
    durations: Counter = Counter()
    for received, day, n in rows:
        durations[max((day - received).days, 0)] += n
    return median_of_histogram(durations), sum(durations.values())


def median_of_histogram(counts: Counter) -> float | None:
    """The median of values given as {value: how often}."""
    total = sum(counts.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # positions of the one or two middle values
    found, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return (found[0] + found[1]) / 2


# -- annual reports ----------------------------------------------------------------------


def annual_report_body(*, year: int, k: int | None) -> dict:
    """The tables of `year` as they would be published now with `k` (None: unsuppressed).

    The year-on-year table compares with the latest published edition of the year
    before (its suppressed figures), never with a fresh count of that year.
    """
    previous = latest_published(year - 1)
    return build_tables(
        year_counts(year),
        k=k,
        codes=labels.codes(),
        previous=previous.snapshot if previous else None,
        previous_edition=previous.edition if previous else None,
    )


def live_statistics(year: int) -> dict:
    """Unsuppressed tables of `year` compared with the unsuppressed year before (staff only)."""
    return live_statistics_with_previous(year)[0]


def live_statistics_with_previous(year: int) -> tuple[dict, dict]:
    """(live body of `year`, live body of the year before): the dashboard's headlines
    compare with the year before as the year-on-year table does."""
    previous = build_tables(year_counts(year - 1), k=None, codes=labels.codes())
    body = build_tables(year_counts(year), k=None, codes=labels.codes(), previous=previous)
    return body, previous


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.published().order_by("-year", "-edition")


def latest_published(year: int) -> AnnualReport | None:
    return published_reports().filter(year=year).first()


def published_report(year: int, edition: int | None = None) -> AnnualReport | None:
    reports = published_reports().filter(year=year)
    if edition is not None:
        reports = reports.filter(edition=edition)
    return reports.first()


def annual_reports_for_staff() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related("created_by", "published_by").order_by(
        "-year", "-edition"
    )


def referrals_by_outcome(since: datetime.date) -> dict[str, dict[str, int]] | None:
    """Referrals created since `since`, by status and outcome; None without the model."""
    try:
        from reporting.models.referrals import Referral
    except ImportError:  # pragma: no cover - referrals are optional for statistics
        return None
    rows = (
        Referral.objects.filter(created_at__date__gte=since)
        .values("status", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["status"], {})[row["outcome"] or ""] = row["n"]
    return result


def case_work_figures(today: datetime.date, days: int = 365) -> dict:
    """Live figures of case work for the staff dashboard and API (never published)."""
    since = today - datetime.timedelta(days=days)
    triage, triage_n = median_days_to("first_triaged_at", since)
    reply, reply_n = median_days_to("first_replied_at", since)
    return {
        "since": since,
        "open_cases": open_cases_by_status_and_age(today),
        "median_days_to_triage": triage,
        "triaged_cases": triage_n,
        "median_days_to_reply": reply,
        "replied_cases": reply_n,
        "referrals": referrals_by_outcome(since),
    }
