"""Small-cell suppression for published statistics (DESIGN §7). Pure Python.

A report publishes *figures*: every number it prints, each exactly once even
if it appears in several tables (the count of reports naming RACISM is a cell
of the grounds table and a column total of district × ground: one figure).
The reader also knows *equations* that hold by construction, always of the
form ``total = part_1 + ... + part_n`` (the districts add up to the number of
reports; the mentions of a multi-select table add up to its mention total),
and optionally *upper bounds* ``part <= whole`` (reports naming a ground in a
district cannot exceed the reports from that district).

What a reader learns from a withheld figure is its mark: "< k" (PRIMARY)
says 1 … k-1; "×" (COMPLEMENTARY) says only "at least 1" — usually it hides a
figure of k or more that protects another one, but where nothing else is left
to withhold it also hides a small figure whose "< k" would give it away.
Zero is always shown as 0.

`suppress` decides which figures to withhold:

1. Primary suppression: every figure from 1 to k-1 is marked "< k".
2. Complementary suppression, repeated until none of these finds anything:
   a. an equation with exactly one withheld figure (it would be its difference);
   b. a withheld figure that the equations determine all together (exact
      integer Gauss-Jordan elimination over the withheld figures: figure j is
      determined iff the unit vector e_j lies in the row space);
   c. a withheld figure pinned to a single value by interval reasoning from
      the marks, the equations and the bounds (five "< 5" cells that add up to
      a published 5 are all 1; four "< 5" cells under a "< 5" total too).
   For an exposed figure, the smallest non-zero published figure that shares
   an equation or bound with it (or, failing that, is connected to it through
   withheld figures) is withheld as "×", preferring inner cells over totals
   and figures used in few equations over the number of reports.
   If there is none — everything non-zero nearby is withheld already, which
   only (c) can run into — the nearest "< k" mark becomes "×" instead,
   totals first, which removes the upper bound that pinned the figure.
   Each round changes one mark, so it terminates. Once everything non-zero is
   "×", nothing is determined (all zero would also fit the equations) and
   nothing is pinned (no finite upper bounds are left).

Check (c) propagates bounds (sound, not complete): a linear programme could in
rare cases derive a tighter interval than propagation does. (b) is exact.
"""

import math
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# The k a report may choose, and the one it starts with (also retention's threshold for
# coarsening a district, and an export's without a published report of its year).
K_MIN, K_MAX, K_DEFAULT = 3, 20, 5

Key = Hashable


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"  # 1..k-1, shown as "< k"
    COMPLEMENTARY = "complementary"  # shown as "×": at least 1, protects another figure


@dataclass(frozen=True)
class Equation:
    """``total == sum(parts)``, known to every reader."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Bound:
    """``part <= whole``, known to every reader (e.g. a multi-select cell and its reports)."""

    part: Key
    whole: Key


@dataclass
class Result:
    status: dict[Key, Status]
    rounds: int = 0
    reasons: dict[Key, str] = field(default_factory=dict)

    def suppressed(self) -> set[Key]:
        return {key for key, s in self.status.items() if s is not Status.PUBLISHED}


class InconsistentFigures(ValueError):
    """The figures do not satisfy their own equations: a bug in whoever built them."""


def check_consistent(figures: Mapping[Key, int], equations: Iterable[Equation]) -> None:
    for eq in equations:
        if figures[eq.total] != sum(figures[p] for p in eq.parts):
            raise InconsistentFigures(f"{eq.total!r} != sum of {len(eq.parts)} parts")


def suppress(
    figures: Mapping[Key, int],
    equations: Sequence[Equation],
    k: int,
    *,
    bounds: Sequence[Bound] = (),
    max_rounds: int = 10_000,
) -> Result:
    """Which figures to withhold so that none from 1 to k-1 can be seen or computed."""
    if k < 3:
        raise ValueError("k must be at least 3: with k = 2, '< 2' would mean exactly 1.")
    check_consistent(figures, equations)
    for key, value in figures.items():
        if value < 0:
            raise ValueError(f"negative count for {key!r}")
    status = {
        key: Status.PRIMARY if 0 < value < k else Status.PUBLISHED for key, value in figures.items()
    }
    result = Result(status=status)
    graph = _Graph(figures, equations, bounds)
    for result.rounds in range(1, max_rounds + 1):
        hidden = result.suppressed()
        # (figure, the groups of figures that could protect it), in a stable order.
        exposures = sorted(
            ((eq_unknown, [eq.members]) for eq_unknown, eq in _single_unknowns(equations, hidden)),
            key=lambda e: _order(e[0]),
        )
        reason = "only unknown in an equation"
        if not exposures:
            exposures = [
                (key, graph.equation_groups[key])
                for key in sorted(determined(equations, hidden), key=_order)
            ]
            reason = "determined by the equations together"
        if not exposures:
            exposures = [
                (key, graph.groups[key])
                for key in sorted(pinned(figures, equations, bounds, status, k), key=_order)
            ]
            reason = "pinned by bounds"
        if not exposures:
            return result
        for key, groups in exposures:
            choice = graph.cheapest(groups, hidden) or graph.complement_for(key, hidden)
            if choice is not None:
                break
        else:
            key = exposures[0][0]
            choice = graph.primary_to_widen(key, status)
            if choice is None:  # cannot happen: see the module docstring
                raise RuntimeError(f"no complement for {key!r}")
            reason += "; nothing left to withhold, mark dropped"
        # One mark per round, then re-check from scratch: it may fix several exposures.
        status[choice] = Status.COMPLEMENTARY
        result.reasons[choice] = f"protects {key!r}: {reason}"
    raise RuntimeError("suppression did not converge")


def _order(key: Key) -> str:
    return str(key)


def _single_unknowns(equations: Iterable[Equation], hidden: set[Key]) -> list[tuple[Key, Equation]]:
    exposed = []
    for eq in equations:
        unknown = [key for key in eq.members if key in hidden]
        if len(unknown) == 1:
            exposed.append((unknown[0], eq))
    return exposed


class _Graph:
    """Which published figures could protect a withheld one."""

    def __init__(self, figures, equations, bounds):
        self.figures = figures
        self.totals = {eq.total for eq in equations}
        self.groups: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
        self.equation_groups: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
        self.uses: dict[Key, int] = defaultdict(int)  # equations a figure is part of
        for eq in equations:
            for key in eq.members:
                self.groups[key].append(eq.members)
                self.equation_groups[key].append(eq.members)
                self.uses[key] += 1
        for bound in bounds:
            pair = (bound.part, bound.whole)
            self.groups[bound.part].append(pair)
            self.groups[bound.whole].append(pair)

    def neighbours(self, key: Key) -> set[Key]:
        return {other for group in self.groups[key] for other in group if other != key}

    def _rank(self, candidate: Key):
        # Cheapest first: inner cells before totals, figures in few equations before
        # widely used ones (the number of reports), small before large.
        return (
            candidate in self.totals,
            self.uses[candidate],
            self.figures[candidate],
            _order(candidate),
        )

    def cheapest(self, groups, hidden: set[Key]) -> Key | None:
        """The cheapest published non-zero figure in `groups` (the exposing equations)."""
        candidates = {
            key for group in groups for key in group if key not in hidden and self.figures[key] > 0
        }
        return min(candidates, key=self._rank) if candidates else None

    def complement_for(self, key: Key, hidden: set[Key]) -> Key | None:
        """The cheapest published non-zero figure near `key` (breadth first)."""
        seen, frontier = {key}, deque([key])
        while frontier:
            candidates = set()
            for _ in range(len(frontier)):
                current = frontier.popleft()
                for other in self.neighbours(current):
                    if other in seen:
                        continue
                    seen.add(other)
                    if other in hidden:
                        frontier.append(other)
                    elif self.figures[other] > 0:
                        candidates.add(other)
            if candidates:
                return min(candidates, key=self._rank)
        return None

    def primary_to_widen(self, key: Key, status: Mapping[Key, Status]) -> Key | None:
        """The nearest figure marked "< k" (totals first), through withheld figures."""
        first = key if status[key] is Status.PRIMARY else None
        if first is not None and key in self.totals:
            return key
        seen, frontier = {key}, deque([key])
        while frontier:
            candidates = set()
            for _ in range(len(frontier)):
                current = frontier.popleft()
                for other in self.neighbours(current):
                    if other in seen or status[other] is Status.PUBLISHED:
                        continue
                    seen.add(other)
                    frontier.append(other)
                    if status[other] is Status.PRIMARY:
                        candidates.add(other)
            totals = {c for c in candidates if c in self.totals}
            if totals:
                return min(totals, key=_order)
            if first is not None:
                return first
            if candidates:
                return min(candidates, key=_order)
        return first


# -- (b) exact linear algebra ---------------------------------------------------------


def _eliminate(row: dict[int, int], pivot_row: dict[int, int], col: int) -> dict[int, int]:
    """row * p - pivot_row * a, so that `col` vanishes; divided by the gcd (stays small)."""
    a, p = row[col], pivot_row[col]
    out = {c: v * p for c, v in row.items()}
    for c, v in pivot_row.items():
        out[c] = out.get(c, 0) - v * a
    out = {c: v for c, v in out.items() if v}
    g = 0
    for v in out.values():
        g = math.gcd(g, v)
    return {c: v // g for c, v in out.items()} if g > 1 else out


def determined(equations: Iterable[Equation], hidden: set[Key]) -> set[Key]:
    """Withheld figures whose value the equations fix, given every published figure."""
    columns: dict[Key, int] = {}
    pivots: dict[int, dict[int, int]] = {}
    for eq in equations:
        row: dict[int, int] = {}
        for key, coefficient in ((eq.total, 1), *((p, -1) for p in eq.parts)):
            if key in hidden:
                col = columns.setdefault(key, len(columns))
                row[col] = row.get(col, 0) + coefficient
        row = {c: v for c, v in row.items() if v}
        while row and (common := [c for c in row if c in pivots]):
            row = _eliminate(row, pivots[common[0]], common[0])
        if not row:
            continue
        pivot = min(row)
        for col, other in list(pivots.items()):
            if pivot in other:
                pivots[col] = _eliminate(other, row, pivot)
        pivots[pivot] = row
    keys = {col: key for key, col in columns.items()}
    return {keys[col] for col, row in pivots.items() if len(row) == 1}


# -- (c) interval propagation ------------------------------------------------------------


def pinned(
    figures: Mapping[Key, int],
    equations: Sequence[Equation],
    bounds: Sequence[Bound],
    status: Mapping[Key, Status],
    k: int,
    *,
    max_steps: int = 200_000,
) -> set[Key]:
    """Withheld figures whose interval (as a reader can derive it) is a single value."""
    hidden = {key for key, s in status.items() if s is not Status.PUBLISHED}
    if not hidden:
        return set()
    lo: dict[Key, float] = {}
    hi: dict[Key, float] = {}
    for key in hidden:
        if status[key] is Status.PRIMARY:
            lo[key], hi[key] = 1, k - 1
        else:  # "×": at least 1 (zero is never withheld)
            lo[key], hi[key] = 1, math.inf
    # Constraints: ("eq", terms, constant) for sum(c * x) = constant over withheld
    # figures, ("le", part, whole) for part <= whole with both withheld.
    constraints: list[tuple] = []
    watch: dict[Key, list[int]] = defaultdict(list)
    for eq in equations:
        terms, constant = [], 0
        for key, coefficient in ((eq.total, 1), *((p, -1) for p in eq.parts)):
            if key in hidden:
                terms.append((key, coefficient))
            else:
                constant -= coefficient * figures[key]
        if terms:
            for key, _c in terms:
                watch[key].append(len(constraints))
            constraints.append(("eq", terms, constant))
    for bound in bounds:
        part_hidden, whole_hidden = bound.part in hidden, bound.whole in hidden
        if part_hidden and whole_hidden:
            watch[bound.part].append(len(constraints))
            watch[bound.whole].append(len(constraints))
            constraints.append(("le", bound.part, bound.whole))
        elif part_hidden:
            hi[bound.part] = min(hi[bound.part], figures[bound.whole])
        elif whole_hidden:
            lo[bound.whole] = max(lo[bound.whole], figures[bound.part])
    queue = deque(range(len(constraints)))
    queued = set(queue)
    steps = 0
    while queue and steps < max_steps:
        steps += 1
        index = queue.popleft()
        queued.discard(index)
        constraint = constraints[index]
        if constraint[0] == "eq":
            changed = _tighten(constraint[1], constraint[2], lo, hi)
        else:
            _kind, part, whole = constraint
            changed = set()
            if hi[whole] < hi[part]:
                hi[part] = hi[whole]
                changed.add(part)
            if lo[part] > lo[whole]:
                lo[whole] = lo[part]
                changed.add(whole)
        for key in changed:
            for other in watch[key]:
                if other not in queued:
                    queue.append(other)
                    queued.add(other)
    return {key for key in hidden if lo[key] == hi[key]}


def _tighten(terms, constant, lo, hi) -> set[Key]:
    """One equation sum(c_i x_i) = constant: narrow every x_i from the others' ranges."""
    mins, maxs = [], []
    for key, c in terms:
        mins.append(c * lo[key] if c > 0 else c * hi[key])
        maxs.append(c * hi[key] if c > 0 else c * lo[key])
    min_finite = sum(v for v in mins if v != -math.inf)
    min_inf = sum(1 for v in mins if v == -math.inf)
    max_finite = sum(v for v in maxs if v != math.inf)
    max_inf = sum(1 for v in maxs if v == math.inf)
    changed = set()
    for (key, c), mn, mx in zip(terms, mins, maxs, strict=True):
        # Range of sum over the other terms.
        if min_inf - (mn == -math.inf):
            rest_min = -math.inf
        else:
            rest_min = min_finite - (mn if mn != -math.inf else 0)
        if max_inf - (mx == math.inf):
            rest_max = math.inf
        else:
            rest_max = max_finite - (mx if mx != math.inf else 0)
        # c * x = constant - rest
        a, b = constant - rest_max, constant - rest_min
        new_lo, new_hi = (a / c, b / c) if c > 0 else (b / c, a / c)
        new_lo = math.ceil(new_lo) if new_lo != -math.inf else new_lo
        new_hi = math.floor(new_hi) if new_hi != math.inf else new_hi
        if new_lo > lo[key]:
            lo[key] = new_lo
            changed.add(key)
        if new_hi < hi[key]:
            hi[key] = new_hi
            changed.add(key)
    return changed
