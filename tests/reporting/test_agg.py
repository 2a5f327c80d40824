"""The AGG rule (reporting/vocabulary/agg.py) is the table of docs/statistics.md, pair by pair."""

import re
from pathlib import Path

import pytest

from reporting.vocabulary.agg import AGG_AUTO, AggScope, agg_scope, effective_agg_scope, pair_scope
from reporting.vocabulary.documentation import Actor
from reporting.vocabulary.taxonomy import AGG_GROUNDS, Area, Ground

DOC = Path(__file__).resolve().parents[2] / "docs" / "statistics.md"
OUTCOME = re.compile(r"^(PROTECTED|OUTSIDE|UNDECIDED)\b")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([A-Z_]+)`", cell)


def documented_table() -> dict[tuple[str, str], str]:
    """{(ground, area): outcome} from the table under "### The table" in the docs."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### The table", 1)[1].split("\n### ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header, rule, *rows = lines
    assert set(rule.replace("|", "")) == {"-"}
    columns = [_codes(cell) for cell in _cells(header)[1:]]
    table = {}
    for line in rows:
        grounds, *cells = _cells(line)
        assert len(cells) == len(columns), line
        for areas, cell in zip(columns, cells, strict=True):
            outcome = OUTCOME.match(cell)
            assert outcome, cell
            for ground in _codes(grounds):
                for area in areas:
                    assert (ground, area) not in table, f"{ground} × {area} twice"
                    table[(ground, area)] = outcome.group(1)
    return table


DOCUMENTED = documented_table()


def test_the_documented_table_covers_every_ground_and_area_once():
    assert set(DOCUMENTED) == {(ground, area) for ground in Ground for area in Area}


@pytest.mark.parametrize(("ground", "area"), sorted(DOCUMENTED))
def test_the_rule_is_the_documented_table(ground, area):
    assert pair_scope(ground, area) == DOCUMENTED[(ground, area)]


def test_every_ground_outside_section_1_is_outside_everywhere_and_the_others_are_not():
    for ground in Ground:
        outcomes = {pair_scope(ground, area) for area in Area}
        if ground in AGG_GROUNDS:
            assert AggScope.PROTECTED in outcomes, ground
        elif ground != Ground.OTHER:
            assert outcomes == {AggScope.OUTSIDE}, ground


def test_acts_of_the_state_are_outside_whatever_the_ground():
    for ground in Ground:
        assert pair_scope(ground, Area.POLICE_JUSTICE) == AggScope.OUTSIDE
        assert pair_scope(ground, Area.AUTHORITIES) == AggScope.OUTSIDE


@pytest.mark.parametrize(
    ("grounds", "areas", "outcome"),
    [
        (["RACISM"], ["POLICE_JUSTICE"], "OUTSIDE"),  # the error of the ground-only split
        (["RACISM"], ["POLICE_JUSTICE", "HOUSING"], "PROTECTED"),  # any protected pair
        (["RACISM"], ["POLICE_JUSTICE", "EDUCATION"], "UNDECIDED"),  # undecided beats outside
        (["NATIONALITY", "RELIGION"], ["HOUSING"], "UNDECIDED"),
        (["NATIONALITY", "LANGUAGE"], ["WORK", "PUBLIC_SPACE"], "OUTSIDE"),
        ([], ["WORK"], "UNDECIDED"),  # no ground: read as OTHER
        ([], ["AUTHORITIES"], "OUTSIDE"),
        ([], [], "UNDECIDED"),
        (["AGE"], [], "UNDECIDED"),  # no area: read as OTHER
        (["APPEARANCE"], [], "OUTSIDE"),
    ],
)
def test_a_report_combines_its_pairs(grounds, areas, outcome):
    assert agg_scope(grounds, areas) == outcome


def test_the_caseworkers_setting_wins_over_the_rule():
    assert effective_agg_scope(AGG_AUTO, ["RACISM"], ["WORK"]) == AggScope.PROTECTED
    for scope in AggScope:
        assert effective_agg_scope(scope, ["RACISM"], ["WORK"]) == scope


def documented_actors() -> dict[str, str]:
    """{actor: area whose column it is read as, "OUTSIDE", or "" (the areas decide)} from
    the table under "### The actor"."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### The actor", 1)[1].split("\n### ", 1)[0]
    _header, rule, *rows = [line for line in section.splitlines() if line.startswith("|")]
    assert set(rule.replace("|", "")) == {"-"}
    actors = {}
    for line in rows:
        names, reading = _cells(line)
        areas = _codes(reading)
        value = areas[0] if areas else "OUTSIDE" if reading.startswith("OUTSIDE") else ""
        for actor in _codes(names):
            assert actor not in actors, f"{actor} twice"
            actors[actor] = value
    return actors


ACTORS = documented_actors()
# Areas whose spheres differ from every column the actors name: the actor must win.
SOME_AREAS = [["PUBLIC_SPACE"], ["WORK", "AUTHORITIES"], []]


def test_the_documented_actor_table_covers_every_actor_once():
    assert set(ACTORS) == set(Actor.values)


@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_an_actor_is_read_as_its_documented_column_for_every_ground(actor):
    for ground in Ground:
        for areas in SOME_AREAS:
            if ACTORS[actor] == "OUTSIDE":
                expected = AggScope.OUTSIDE
            elif ACTORS[actor]:
                expected = pair_scope(ground, ACTORS[actor])
            else:
                expected = agg_scope([ground], areas)
            assert agg_scope([ground], areas, actor) == expected, (actor, ground, areas)


def test_the_actor_reaches_the_caseworkers_automatic_setting():
    assert effective_agg_scope(AGG_AUTO, ["RACISM"], ["PUBLIC_SPACE"]) == AggScope.UNDECIDED
    assert effective_agg_scope(AGG_AUTO, ["RACISM"], ["PUBLIC_SPACE"], "POLICE") == "OUTSIDE"
    assert effective_agg_scope("PROTECTED", ["RACISM"], ["PUBLIC_SPACE"], "POLICE") == "PROTECTED"
