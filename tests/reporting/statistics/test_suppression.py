"""Disclosure control: hand-made cases and property tests on random tables.

The properties are checked with an independent method: the rank of the
equation matrix over the rationals (fractions.Fraction), not the integer
elimination that `suppression.determined` uses.
"""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.statistics.suppression import (
    Bound,
    Equation,
    InconsistentFigures,
    Status,
    determined,
    pinned,
    suppress,
)

# -- an independent check -------------------------------------------------------------


def rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows if any(r)]
    if not rows:
        return 0
    width, r = len(rows[0]), 0
    for c in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c] / rows[r][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        r += 1
    return r


def determined_by_rank(equations, hidden: set) -> set:
    """x_j is fixed by A x = b iff column j is not in the span of the other columns."""
    unknowns = sorted(hidden, key=str)
    matrix = []
    for eq in equations:
        row = [Fraction(0)] * len(unknowns)
        for key, coefficient in ((eq.total, 1), *((p, -1) for p in eq.parts)):
            if key in hidden:
                row[unknowns.index(key)] += coefficient
        matrix.append(row)
    full = rank(matrix)
    found = set()
    for j, key in enumerate(unknowns):
        without = [row[:j] + row[j + 1 :] for row in matrix]
        if rank(without) < full:
            found.add(key)
    return found


def check_safe(figures, equations, k, result, bounds=()):
    status = result.status
    hidden = result.suppressed()
    for key, value in figures.items():
        if status[key] is Status.PUBLISHED:
            assert value == 0 or value >= k, (key, value)
        elif status[key] is Status.PRIMARY:
            assert 0 < value < k, (key, value)
        else:
            assert value > 0, (key, value)  # zero is never withheld
    for eq in equations:
        unknown = [key for key in eq.members if key in hidden]
        assert len(unknown) != 1, f"{unknown[0]} is the only unknown in {eq}"
    assert not determined_by_rank(equations, hidden)
    assert not pinned(figures, equations, bounds, status, k)


# -- hand-made cases ------------------------------------------------------------------


def two_way(cells: list[list[int]]):
    """Figures and equations of a table with row, column and grand totals."""
    figures, equations = {}, []
    rows, cols = len(cells), len(cells[0])
    for i in range(rows):
        for j in range(cols):
            figures[f"c{i}.{j}"] = cells[i][j]
    for i in range(rows):
        figures[f"r{i}"] = sum(cells[i])
        equations.append(Equation(f"r{i}", tuple(f"c{i}.{j}" for j in range(cols))))
    for j in range(cols):
        figures[f"k{j}"] = sum(cells[i][j] for i in range(rows))
        equations.append(Equation(f"k{j}", tuple(f"c{i}.{j}" for i in range(rows))))
    figures["T"] = sum(map(sum, cells))
    equations.append(Equation("T", tuple(f"r{i}" for i in range(rows))))
    equations.append(Equation("T", tuple(f"k{j}" for j in range(cols))))
    return figures, equations


def test_nothing_small_nothing_withheld():
    figures, equations = two_way([[10, 20], [30, 0]])
    result = suppress(figures, equations, 5)
    assert result.suppressed() == set()


def test_one_small_cell_takes_a_row_a_column_and_a_corner():
    figures, equations = two_way([[3, 10], [7, 12]])
    result = suppress(figures, equations, 5)
    assert result.status["c0.0"] is Status.PRIMARY
    assert result.suppressed() == {"c0.0", "c0.1", "c1.0", "c1.1"}
    check_safe(figures, equations, 5, result)


def test_complement_is_the_smallest_cell_not_a_total():
    figures, equations = two_way([[2, 50, 9], [30, 40, 60], [8, 70, 80]])
    result = suppress(figures, equations, 5)
    assert {"c0.2", "c2.0"} <= result.suppressed()  # smallest partners in row 0 and column 0
    assert not {"r0", "k0", "T"} & result.suppressed()
    check_safe(figures, equations, 5, result)


def test_zero_stays_zero_and_a_lone_small_cell_in_a_row_of_zeros_hides_its_total():
    figures, equations = two_way([[0, 3], [10, 20]])
    result = suppress(figures, equations, 5)
    assert result.status["c0.0"] is Status.PUBLISHED
    assert result.status["r0"] is Status.PRIMARY  # the total is 3 as well
    check_safe(figures, equations, 5, result)


def test_small_cells_adding_up_to_a_published_total_are_not_pinned():
    # Five "< 5" cells that add up to a published 5 would all be 1.
    figures = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "T": 5}
    equations = [Equation("T", ("a", "b", "c", "d", "e"))]
    assert pinned(
        figures, equations, (), {**dict.fromkeys("abcde", Status.PRIMARY), "T": Status.PUBLISHED}, 5
    )
    result = suppress(figures, equations, 5)
    assert result.status["T"] is Status.COMPLEMENTARY
    check_safe(figures, equations, 5, result)


def test_small_cells_under_a_small_total_drop_the_totals_mark():
    # Four "< 5" cells under a "< 5" total: the total is 4 and every cell 1.
    figures = {"a": 1, "b": 1, "c": 1, "d": 1, "T": 4}
    equations = [Equation("T", ("a", "b", "c", "d"))]
    result = suppress(figures, equations, 5)
    assert result.status["T"] is Status.COMPLEMENTARY  # shown as "×", not "< 5"
    assert all(result.status[x] is Status.PRIMARY for x in "abcd")
    check_safe(figures, equations, 5, result)


def test_a_bridge_between_two_protected_blocks_is_found():
    """Every row and column has two unknowns, yet the bridge cell is determined."""
    hidden = {"c0.0", "c0.1", "c1.0", "c1.1", "c2.2", "c2.3", "c3.2", "c3.3", "c0.2"}
    _figures, equations = two_way([[3, 6, 2, 40], [6, 3, 40, 40], [40, 40, 3, 6], [40, 40, 6, 3]])
    for eq in equations:
        assert len([k for k in eq.members if k in hidden]) != 1
    assert determined(equations, hidden) == {"c0.2"} == determined_by_rank(equations, hidden)


def test_shared_margin_between_tables():
    """District × ground column totals are the grounds table: one figure, two tables."""
    figures = {
        "g:A": 12, "g:B": 3, "g:M": 15,  # grounds table and its mentions
        "dg:X:A": 7, "dg:X:B": 3, "dg:Y:A": 5, "dg:Y:B": 0,
        "dg:X:T": 10, "dg:Y:T": 5,
    }  # fmt: skip
    equations = [
        Equation("g:M", ("g:A", "g:B")),
        Equation("g:A", ("dg:X:A", "dg:Y:A")),
        Equation("g:B", ("dg:X:B", "dg:Y:B")),
        Equation("dg:X:T", ("dg:X:A", "dg:X:B")),
        Equation("dg:Y:T", ("dg:Y:A", "dg:Y:B")),
        Equation("g:M", ("dg:X:T", "dg:Y:T")),
    ]
    result = suppress(figures, equations, 5)
    check_safe(figures, equations, 5, result)
    # g:B == dg:X:B == 3: both are small, and the grounds table must not give it away.
    assert {"g:B", "dg:X:B"} <= result.suppressed()
    assert len(result.suppressed() & {"g:A", "g:M"}) >= 1


def test_multi_choice_margins_are_bounds_not_equations():
    """Reports (5) are not the sum of the ground cells (mentions are): no equation."""
    figures = {"A": 4, "B": 3, "mentions": 7, "reports": 5}
    equations = [Equation("mentions", ("A", "B"))]
    bounds = [Bound("A", "reports"), Bound("B", "reports")]
    result = suppress(figures, equations, 5, bounds=bounds)
    # A + B = 7 with both in 1..4 leaves 3 or 4 for each: safe as it is.
    assert result.status["reports"] is Status.PUBLISHED
    assert result.status["mentions"] is Status.PUBLISHED
    assert result.suppressed() == {"A", "B"}
    check_safe(figures, equations, 5, result, bounds)


def test_inconsistent_figures_are_refused():
    with pytest.raises(InconsistentFigures):
        suppress({"a": 1, "T": 3}, [Equation("T", ("a",))], 5)


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        suppress({"a": 1}, [], 2)


# -- properties -----------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(1, 6), st.integers(7, 60))


@st.composite
def tables(draw, max_side=5):
    rows = draw(st.integers(1, max_side))
    cols = draw(st.integers(1, max_side))
    return [[draw(counts) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=tables(), k=st.integers(3, 7))
def test_property_two_way_tables_are_safe(cells, k):
    figures, equations = two_way(cells)
    result = suppress(figures, equations, k)
    check_safe(figures, equations, k, result)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(left=tables(max_side=4), right=tables(max_side=4), k=st.integers(3, 6))
def test_property_tables_sharing_a_margin_are_safe(left, right, k):
    """Two cross tables whose column totals are one shared one-way table."""
    cols = min(len(left[0]), len(right[0]))
    left = [row[:cols] for row in left]
    right = [row[:cols] for row in right]
    figures, equations = {}, []
    for name, cells in (("L", left), ("R", right)):
        for i, row in enumerate(cells):
            for j, value in enumerate(row):
                figures[f"{name}{i}.{j}"] = value
            figures[f"{name}r{i}"] = sum(row)
            equations.append(Equation(f"{name}r{i}", tuple(f"{name}{i}.{j}" for j in range(cols))))
        figures[f"{name}T"] = sum(map(sum, cells))
        equations.append(Equation(f"{name}T", tuple(f"{name}r{i}" for i in range(len(cells)))))
    # Both tables' columns add up to the same one-way figures only if they agree; give
    # each table its own column totals and one shared one-way table on top.
    for j in range(cols):
        for name, cells in (("L", left), ("R", right)):
            figures[f"{name}k{j}"] = sum(row[j] for row in cells)
            equations.append(
                Equation(f"{name}k{j}", tuple(f"{name}{i}.{j}" for i in range(len(cells))))
            )
        figures[f"S{j}"] = figures[f"Lk{j}"] + figures[f"Rk{j}"]
        equations.append(Equation(f"S{j}", (f"Lk{j}", f"Rk{j}")))
    figures["ST"] = figures["LT"] + figures["RT"]
    equations.append(Equation("ST", tuple(f"S{j}" for j in range(cols))))
    equations.append(Equation("ST", ("LT", "RT")))
    result = suppress(figures, equations, k)
    check_safe(figures, equations, k, result)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reports=st.lists(st.frozensets(st.sampled_from("ABCDE"), max_size=3), min_size=0, max_size=40),
    k=st.integers(3, 6),
)
def test_property_multi_choice_tables_are_safe(reports, k):
    """Per-mention counts of a multi-choice question: rows add up to mentions, not reports."""
    figures = {code: sum(code in r for r in reports) for code in "ABCDE"}
    figures["mentions"] = sum(len(r) for r in reports)
    figures["reports"] = len(reports)
    figures["none"] = sum(not r for r in reports)
    equations = [Equation("mentions", tuple("ABCDE"))]
    bounds = [Bound(code, "reports") for code in "ABCDE"]
    result = suppress(figures, equations, k, bounds=bounds)
    check_safe(figures, equations, k, result, bounds)
