"""Which status may follow which (DESIGN: new → in review → outcome → closed; reopen)."""

from reporting.models import CaseStatus as S

_OUTCOMES = {S.IN_COUNSELLING, S.REFERRED, S.DOCUMENTED, S.NOT_DISCRIMINATION, S.SPAM}

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.IN_REVIEW, S.SPAM},
    S.IN_REVIEW: set(_OUTCOMES),
    **{outcome: (_OUTCOMES - {outcome}) | {S.CLOSED} for outcome in _OUTCOMES},
    S.CLOSED: {S.IN_REVIEW},  # reopen
}


def allowed_next(status: str) -> list[str]:
    return [s for s in S.values if s in ALLOWED_TRANSITIONS.get(status, set())]
