"""Which status may follow which (DESIGN: new → in review → outcome → closed; reopen)."""

from reporting.models import CaseStatus as S

_OUTCOMES = {S.IN_COUNSELLING, S.REFERRED, S.DOCUMENTED, S.NOT_DISCRIMINATION, S.SPAM}
# The verdicts that take a case out of the statistics.
EXCLUDING = (S.SPAM, S.NOT_DISCRIMINATION)

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.IN_REVIEW, S.SPAM},
    S.IN_REVIEW: set(_OUTCOMES),
    **{outcome: (_OUTCOMES - {outcome}) | {S.CLOSED} for outcome in _OUTCOMES},
    S.CLOSED: {S.IN_REVIEW},  # reopen
}


def allowed_next(status: str) -> list[str]:
    return [s for s in S.values if s in ALLOWED_TRANSITIONS.get(status, set())]


def next_statuses(case) -> list[str]:
    """Where `case` may go. A member organisation's own case is never "Passed on": it
    cannot be referred from here (reporting.vocabulary.errors.NotForOwnCases)."""
    own_case = case.member_organisation_id is not None
    return [s for s in allowed_next(case.status) if not (own_case and s == S.REFERRED)]


def exclusion_after(to_status: str, excluded_as: str) -> str:
    """What a case is excluded from the statistics as (a status of EXCLUDING, or "") once
    it moves to `to_status`. The verdict outlives its status: closing a spam case or
    reopening it for review keeps it out; only another outcome brings it back."""
    if to_status in EXCLUDING:
        return to_status
    if to_status in _OUTCOMES:
        return ""
    return excluded_as
