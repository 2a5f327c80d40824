"""The AGG's two-month deadline, and when a reporter is told about it.

A claim under the General Equal Treatment Act (§ 15 (4), § 21 (5) AGG) must be raised
in writing within two months (settings.AGG_CLAIM_MONTHS). The AGG covers working
life and goods and services, housing included; reporters who chose one of these areas
are told, in plain words and as a possibility, not as a legal assessment.
"""

from collections.abc import Iterable

from reporting.vocabulary.taxonomy import Area

AGG_DEADLINE_AREAS = frozenset({Area.WORK, Area.HOUSING, Area.GOODS_SERVICES})


def agg_deadline_applies(areas: Iterable[str]) -> bool:
    return not AGG_DEADLINE_AREAS.isdisjoint(areas)
