"""The raw, unsuppressed counts of one year, and how they are stored as tallies.

StatisticsTally rows hold a YearCounts: (year, figure, key) with the key a JSON
array of what the figure is keyed by (reporting/services/tallies.py keeps them).
Every figure is counted on two bases: the reports counted (every included case), and
the incidents the team assessed as discrimination (`YearCounts.incidents`, the same
figures over those cases only, stored under the figure's name with INCIDENTS_PREFIX).
"""

import json
from collections import Counter
from dataclasses import dataclass, field

# How a case counts: included, or excluded as spam or as not discrimination.
INCLUDED, SPAM, NOT_DISCRIMINATION = "I", "S", "X"


@dataclass
class YearCounts:
    """Raw, unsuppressed counts of one year; never published as they are."""

    year: int
    excluded: dict[str, int] = field(default_factory=dict)  # SPAM / NOT_DISCRIMINATION
    # Included reports, keyed by (incident month, language, reporter role, police, assessed).
    singles: Counter = field(default_factory=Counter)
    district_grounds: Counter = field(default_factory=Counter)  # (district, grounds mask)
    grounds_areas: Counter = field(default_factory=Counter)  # (grounds mask, areas mask)
    forms: Counter = field(default_factory=Counter)  # forms mask
    agg: Counter = field(default_factory=Counter)  # AGG scope (reporting.vocabulary.agg.AggScope)
    incident_types: Counter = field(default_factory=Counter)  # incident types mask
    channel: Counter = field(default_factory=Counter)  # channel code (taxonomy.Channel)
    # The counselling documentation, which reports without an assessment do not have.
    actor: Counter = field(default_factory=Counter)  # actor code, "" when not recorded
    multidimensional: Counter = field(default_factory=Counter)  # True / False
    consequences: Counter = field(default_factory=Counter)  # consequences mask
    interventions: Counter = field(default_factory=Counter)  # intervention kinds mask
    outcome: Counter = field(default_factory=Counter)  # outcome code, "" while none
    # How a report relates to an incident: "" about one of its own (counted as an incident,
    # a lead or unlinked), SAME_INCIDENT linked to another report's (Case.link_kind).
    linked: Counter = field(default_factory=Counter)
    # The same figures over the incidents assessed as discrimination (None in that part).
    incidents: "YearCounts | None" = None

    @classmethod
    def of(cls, year: int) -> "YearCounts":
        """Empty counts of `year` on both bases."""
        return cls(year=year, incidents=cls(year=year))

    @property
    def included(self) -> int:
        return sum(self.singles.values())

    @property
    def assessed(self) -> int:
        return sum(n for key, n in self.singles.items() if key[4])

    @property
    def incidents_reported(self) -> int:
        """The incidents the included reports are about: each counted once, however many
        linked reports describe it."""
        return self.linked.get("", 0)

    @property
    def confirmed(self) -> int:
        """Incidents assessed as discrimination by the team."""
        return self.incidents.included if self.incidents is not None else 0


EXCLUDED, SINGLES, DISTRICT_GROUNDS, GROUNDS_AREAS = (
    "excluded",
    "singles",
    "district_grounds",
    "grounds_areas",
)
# Figures keyed by one value: the figure's name is its YearCounts field.
FORMS, AGG, INCIDENT_TYPES, CHANNEL = "forms", "agg", "incident_types", "channel"
ACTOR, MULTIDIMENSIONAL, CONSEQUENCES, INTERVENTIONS, OUTCOME, LINKED = (
    "actor",
    "multidimensional",
    "consequences",
    "interventions",
    "outcome",
    "linked",
)
ONE_VALUE_FIGURES = (FORMS, AGG, INCIDENT_TYPES, CHANNEL, ACTOR, MULTIDIMENSIONAL, CONSEQUENCES,
                     INTERVENTIONS, OUTCOME, LINKED)  # fmt: skip
# A tally of the incidents basis: "i:" and the figure's name.
INCIDENTS_PREFIX = "i:"


def tally_key(*parts) -> str:
    return json.dumps(parts, separators=(",", ":"))


def tallies_of_counts(counts: YearCounts) -> Counter:
    """The tallies that hold `counts` (the inverse of counts_of_tallies)."""
    year, tallies = counts.year, Counter()
    for kind, n in counts.excluded.items():
        tallies[(year, EXCLUDED, tally_key(kind))] += n
    for (month, language, role, police, assessed), n in counts.singles.items():
        tallies[(year, SINGLES, tally_key(month, language, role, police, bool(assessed)))] += n
    for (district, grounds), n in counts.district_grounds.items():
        tallies[(year, DISTRICT_GROUNDS, tally_key(district, grounds))] += n
    for (grounds, areas), n in counts.grounds_areas.items():
        tallies[(year, GROUNDS_AREAS, tally_key(grounds, areas))] += n
    for figure in ONE_VALUE_FIGURES:
        for value, n in getattr(counts, figure).items():
            tallies[(year, figure, tally_key(value))] += n
    if counts.incidents is not None:
        for (_year, figure, key), n in tallies_of_counts(counts.incidents).items():
            tallies[(year, INCIDENTS_PREFIX + figure, key)] += n
    return tallies


def counts_of_tallies(year: int, rows) -> YearCounts:
    """YearCounts (on both bases) from (figure, key, count) rows of one year."""
    reports, incidents = [], []
    for figure, key, n in rows:
        if figure.startswith(INCIDENTS_PREFIX):
            incidents.append((figure.removeprefix(INCIDENTS_PREFIX), key, n))
        else:
            reports.append((figure, key, n))
    counts = _one_basis(year, reports)
    counts.incidents = _one_basis(year, incidents)
    return counts


def _one_basis(year: int, rows) -> YearCounts:
    counts = YearCounts(year=year)
    for figure, key, n in rows:
        parts = json.loads(key)
        if figure == EXCLUDED:
            counts.excluded[parts[0]] = counts.excluded.get(parts[0], 0) + n
        elif figure == SINGLES:
            counts.singles[tuple(parts)] += n
        elif figure == DISTRICT_GROUNDS:
            counts.district_grounds[tuple(parts)] += n
        elif figure == GROUNDS_AREAS:
            counts.grounds_areas[tuple(parts)] += n
        elif figure in ONE_VALUE_FIGURES:
            getattr(counts, figure)[parts[0]] += n
    return counts
