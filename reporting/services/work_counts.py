"""How much work each case saw, counted on the case (Case.messages_from_reporter and its
siblings), for the exports to funders (reporting/selectors/funder_export.py).

An export of a year sums these columns over the year's cases in one pass. Counting the
messages and referrals of ~900,000 cases by subquery instead cost SQLite a second per
table and grew with every message (issue 19). The services that write a message or a
referral add to the count in their transaction; retention empties bodies but keeps the
rows, so the counts stay what the rows say. Bulk loads (the demo, tests building rows
directly) and a new counting format (reporting/services/tallies.py) recount from the
rows with `work_counts_rebuild`, the reference the tests compare with.
"""

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from reporting.models import Case, ExternalReferral, Message, Referral
from reporting.models.cases import EXTERNAL_REFERRALS, MEMBER_REFERRALS, MESSAGE_COUNTS


def work_count_add(*, case_id: int, column: str) -> None:
    """One more message or referral on the case (atomic: no read, no lost update)."""
    Case.objects.filter(pk=case_id).update(**{column: F(column) + 1})


def _rows_of_case(rows: QuerySet) -> Coalesce:
    counted = rows.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), Value(0))


def work_counts_rebuild(cases: QuerySet[Case] | None = None) -> None:
    """Count every column of `cases` (default: all) again from the rows."""
    sources = {
        **{
            column: Message.objects.filter(author_side=side)
            for side, column in MESSAGE_COUNTS.items()
        },
        MEMBER_REFERRALS: Referral.objects.all(),
        EXTERNAL_REFERRALS: ExternalReferral.objects.all(),
    }
    (cases if cases is not None else Case.objects.all()).update(
        **{column: _rows_of_case(rows) for column, rows in sources.items()}
    )
