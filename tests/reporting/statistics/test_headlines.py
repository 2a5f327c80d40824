"""Headline figures and their change against the year before (issue 21)."""

import pytest

from reporting.statistics import headlines as h


def _fig(value, status="published"):
    return {"value": value if status == "published" else None, "status": status}


def _body(year, *, included, confirmed, grounds, areas=None):
    return {
        "year": year,
        "tables": [
            {
                "id": "overview",
                "rows": [
                    {"code": "INCLUDED", "value": included},
                    {"code": "CONFIRMED", "value": confirmed},
                ],
            },
            {"id": "grounds", "rows": [{"code": c, "value": v} for c, v in grounds.items()]},
            {"id": "areas", "rows": [{"code": c, "value": v} for c, v in (areas or {}).items()]},
        ],
    }


def _by_id(found):
    return {headline["id"]: headline for headline in found}


def test_published_figures_are_compared_in_percent():
    now = _body(2025, included=_fig(30), confirmed=_fig(0), grounds={"RACISM": _fig(21)})
    before = _body(2024, included=_fig(24), confirmed=_fig(0), grounds={"RACISM": _fig(14)})
    found = _by_id(h.headlines(now, before))
    assert found["reports"]["comparison"] == h.CHANGE
    assert found["reports"]["change_percent"] == pytest.approx(25.0)
    assert (found["top_ground"]["code"], found["top_ground"]["change_percent"]) == ("RACISM", 50.0)
    assert found["incidents"]["comparison"] == h.NONE_BEFORE
    assert "top_area" not in found  # no published area above zero: no headline


def test_a_withheld_figure_is_never_compared():
    now = _body(2025, included=_fig(30), confirmed=_fig(None, "primary"), grounds={})
    before = _body(2024, included=_fig(None, "complementary"), confirmed=_fig(7), grounds={})
    found = _by_id(h.headlines(now, before))
    assert (found["reports"]["comparison"], found["reports"]["change_percent"]) == (
        h.WITHHELD,
        None,
    )
    assert found["incidents"]["comparison"] == h.WITHHELD


def test_without_the_year_before_there_is_no_comparison():
    now = _body(2025, included=_fig(30), confirmed=_fig(6), grounds={"AGE": _fig(6)})
    found = h.headlines(now, None)
    assert {headline["comparison"] for headline in found} == {h.NOT_PUBLISHED}
    assert all(headline["previous"] is None for headline in found)


def test_the_top_code_skips_withheld_and_other():
    grounds = {"OTHER": _fig(40), "RACISM": _fig(None, "primary"), "AGE": _fig(9), "SEX": _fig(9)}
    now = _body(2025, included=_fig(60), confirmed=_fig(0), grounds=grounds)
    older = {"year": 2024, "tables": [{"id": "overview", "rows": []}]}  # an older format
    found = _by_id(h.headlines(now, older))
    assert found["top_ground"]["code"] == "AGE"  # the first of a tie, in display order
    assert found["top_ground"]["comparison"] == h.NO_FIGURE


def test_no_top_code_while_a_figure_of_any_size_is_withheld():
    """HOUSING withheld to protect another figure may be larger than WORK's 9."""
    areas = {"WORK": _fig(9), "HOUSING": _fig(None, "complementary")}
    now = _body(2025, included=_fig(60), confirmed=_fig(0), grounds={}, areas=areas)
    assert "top_area" not in _by_id(h.headlines(now, None))
