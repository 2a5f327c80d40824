"""Headline figures of a statistics body, each with its change against the year before.

Both bodies are as they stand: for the public report two published snapshots (their
stored, suppressed figures, never a fresh count), for the staff dashboard two live
bodies. A figure withheld in either year is never compared: a change computed from a
withheld figure could reveal it.
"""

from reporting.statistics.annual import CONFIRMED, INCIDENTS, INCLUDED, is_suppressed, table
from reporting.statistics.suppression import Status

# How a headline relates to the year before.
CHANGE = "CHANGE"  # both figures published: the change in percent
NONE_BEFORE = "NONE_BEFORE"  # published, but zero the year before: no percentage
NOT_PUBLISHED = "NOT_PUBLISHED"  # no statistics of the year before to compare with
WITHHELD = "WITHHELD"  # withheld in this or the year before
NO_FIGURE = "NO_FIGURE"  # the year before has no such figure (an older format)

# (headline id, table, row code or None for the table's most often named code).
HEADLINES = (
    ("reports", "overview", INCLUDED),
    # "N reports about M incidents" (since format 6; an older snapshot has no such row).
    ("incidents_reported", "overview", INCIDENTS),
    ("incidents", "overview", CONFIRMED),
    ("top_ground", "grounds", None),
    ("top_area", "areas", None),
)
# Codes that say nothing as "the most often named" one.
NOT_A_TOP = {"OTHER", "UNKNOWN"}


def _row(body: dict, table_id: str, code: str) -> dict | None:
    found = table(body, table_id)
    if found is None:
        return None
    return next((row["value"] for row in found["rows"] if row["code"] == code), None)


def _top_code(body: dict, table_id: str) -> str | None:
    """The code named most often (the first of a tie), or None where that cannot be said.

    A published figure above zero is at least k, so it beats every figure withheld as
    small; a figure withheld to protect another (complementary) may be any size, so
    while one exists the table has no top that could be named truthfully."""
    found = table(body, table_id)
    if found is None or any(
        row["value"].get("status") == Status.COMPLEMENTARY.value for row in found["rows"]
    ):
        return None
    best, best_value = None, 0
    for row in found["rows"]:
        value = row["value"].get("value")
        if row["code"] not in NOT_A_TOP and value is not None and value > best_value:
            best, best_value = row["code"], value
    return best


def compare(current: dict, previous: dict | None) -> tuple[str, float | None]:
    """(how, change in percent) for a figure of this year and of the year before."""
    if is_suppressed(current):
        return WITHHELD, None
    if previous is None:
        return NO_FIGURE, None
    if is_suppressed(previous):
        return WITHHELD, None
    if not previous["value"]:
        return NONE_BEFORE, None
    return CHANGE, round((current["value"] - previous["value"]) * 100 / previous["value"], 1)


def headlines(body: dict, previous: dict | None) -> list[dict]:
    """The headlines of `body` ({"id", "table", "code", "current", "previous",
    "comparison", "change_percent"}); one whose figure is missing or withheld for a
    top code is left out. `previous` is the body of the year before, None if none."""
    out = []
    for headline_id, table_id, fixed_code in HEADLINES:
        code = fixed_code or _top_code(body, table_id)
        current = _row(body, table_id, code) if code else None
        if current is None:
            continue
        before = _row(previous, table_id, code) if previous is not None else None
        if previous is None:
            how, change = (WITHHELD, None) if is_suppressed(current) else (NOT_PUBLISHED, None)
        else:
            how, change = compare(current, before)
        out.append(
            {
                "id": headline_id,
                "table": table_id,
                "code": code,
                "current": current,
                "previous": before,
                "comparison": how,
                "change_percent": change,
            }
        )
    return out
