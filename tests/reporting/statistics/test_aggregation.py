"""SQL aggregation on hand-made data with known answers (SQLite and PostgreSQL).

Run against PostgreSQL with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/meldestelle_stats_test pytest tests/reporting/statistics
"""

import pytest
from django.utils import translation

from reporting.models import CaseStatus
from reporting.selectors.statistics import (
    live_statistics,
    median_of_histogram,
    open_cases_by_status_and_age,
    year_counts,
    year_counts_scanned,
)
from reporting.statistics import labels
from reporting.statistics.annual import build_tables, table

pytestmark = pytest.mark.django_db


def tables(year=2025, k=None, previous=None):
    return build_tables(
        year_counts(year),
        k=k,
        codes=labels.codes(),
        previous=previous,
    )


def values(body, table_id) -> dict:
    """{code: value} of a one-dimensional table (None where withheld)."""
    return {row["code"]: row["value"]["value"] for row in table(body, table_id)["rows"]}


def nonzero(body, table_id) -> dict:
    return {code: v for code, v in values(body, table_id).items() if v}


def cross(body, table_id) -> dict:
    found = table(body, table_id)
    return {
        (row["code"], column): cell["value"]
        for row in found["rows"]
        for column, cell in zip(found["columns"], row["cells"], strict=True)
        if cell["value"]
    }


@pytest.fixture
def year_2025(make_report):
    """Seven reports of 2025 (two excluded), one of 2024, one of 2026."""
    make_report(grounds=["RACISM", "LANGUAGE"], areas=["HOUSING", "WORK"], forms=["DIRECT"])
    make_report(
        grounds=["RACISM"],
        district="14713",
        language="ar",
        incident_month="2024-12",
        channel="LETTER",
        assessment={"grounds": ["ANTI_MUSLIM", "RELIGION"], "district": "14511"},
    )
    make_report(
        grounds=[],
        areas=[],
        forms=[],
        incident_types=["THREAT", "VERBAL_ABUSE"],
        district="ONLINE",
        incident_month="",
        reporter_role="WITNESS",
        police="YES",
        channel="PHONE",
    )
    make_report(
        grounds=["NATIONALITY"],
        areas=["AUTHORITIES"],
        district="14612",
        assessment={"incident_month": "2025-07", "is_discrimination": None},
    )
    make_report(grounds=["SOCIAL_STATUS"], created_on="2025-12-31", language="uk")
    # Excluded: spam, and not discrimination (by status and by assessment).
    make_report(status=CaseStatus.SPAM)
    make_report(status=CaseStatus.NOT_DISCRIMINATION)
    make_report(assessment={"is_discrimination": False})
    # Other years.
    make_report(created_on="2024-12-31")
    make_report(created_on="2026-01-01")


def test_overview_counts_sources_and_exclusions(year_2025):
    body = tables()
    assert values(body, "overview") == {
        "RECEIVED": 8,
        "SPAM": 1,
        "NOT_DISCRIMINATION": 2,
        "INCLUDED": 5,
        "ASSESSED": 2,
        "SELF_CLASSIFIED": 3,
        "LINKED_REPORTS": 0,  # no report linked to another's incident
        "INCIDENTS": 5,
        "CONFIRMED": 1,  # the other assessment has not decided yet
    }


def test_grounds_use_the_assessment_where_it_exists_and_count_mentions(year_2025):
    body = tables()
    grounds = table(body, "grounds")
    assert nonzero(body, "grounds") == {
        "RACISM": 1,  # the second report's RACISM was reassessed
        "LANGUAGE": 1,
        "ANTI_MUSLIM": 1,
        "RELIGION": 1,
        "NATIONALITY": 1,
        "SOCIAL_STATUS": 1,
    }
    assert grounds["mentions"]["value"] == 6
    assert grounds["reports"]["value"] == 5
    assert grounds["none"]["value"] == 1
    # Racism in housing and anti-Muslim racism in housing are protected; nationality at an
    # authority and social status are not; no ground and no area cannot be decided.
    assert values(body, "agg_scope") == {"PROTECTED": 2, "OUTSIDE": 2, "UNDECIDED": 1}


def test_the_agg_split_reads_ground_and_area_and_the_caseworkers_setting(make_report):
    make_report(grounds=["RACISM"], areas=["POLICE_JUSTICE"])  # a racist police check
    make_report(grounds=["RACISM"], areas=["GOODS_SERVICES"])
    make_report(grounds=["RELIGION"], areas=["HOUSING"])  # depends on the landlord's size
    make_report(grounds=["RACISM"], areas=["EDUCATION"], assessment={"agg_scope": "PROTECTED"})
    make_report(grounds=["AGE"], areas=["WORK"], assessment={"agg_scope": "OUTSIDE"})
    body = tables()
    assert values(body, "agg_scope") == {"PROTECTED": 2, "OUTSIDE": 2, "UNDECIDED": 1}
    assert table(body, "agg_scope")["reports"]["value"] == 5
    assert table(body, "agg") is None  # the split by ground alone is gone


def test_the_counselling_documentation_counts_incidents_assessed_as_discrimination(make_report):
    make_report(
        areas=["PUBLIC_SPACE"],
        assessment={
            "actor": "POLICE",
            "multidimensional": True,
            "consequences": ["HEALTH", "PSYCHOLOGICAL_STRAIN"],
            "outcome": "APOLOGY",
        },
        interventions=["COUNSELLING", "COMPLAINT_LETTER"],
    )
    make_report(
        assessment={"actor": "LANDLORD", "consequences": ["NONE_KNOWN"]},
        interventions=["COUNSELLING"],
    )
    make_report(assessment={"actor": "EMPLOYER", "is_discrimination": None})  # undecided
    make_report()  # not assessed
    body = tables()
    assert values(body, "overview")["INCLUDED"] == 4
    assert values(body, "overview")["CONFIRMED"] == 2
    assert nonzero(body, "actors") == {"POLICE": 1, "LANDLORD": 1}
    assert nonzero(body, "multidimensional") == {"YES": 1, "NO": 1}
    assert nonzero(body, "consequences") == {
        "HEALTH": 1,
        "PSYCHOLOGICAL_STRAIN": 1,
        "NONE_KNOWN": 1,
    }
    assert nonzero(body, "interventions") == {"COUNSELLING": 2, "COMPLAINT_LETTER": 1}
    assert nonzero(body, "outcomes") == {"APOLOGY": 1, "_NONE": 1}
    for table_id in ("actors", "multidimensional", "consequences", "interventions", "outcomes"):
        assert table(body, table_id)["basis"] == "incidents", table_id
        assert table(body, table_id)["reports"]["value"] == 2, table_id
    assert table(body, "actors")["unit"] == "incidents"
    assert table(body, "grounds")["basis"] == "reports"
    # The police acted: outside the AGG, whatever the area said.
    assert nonzero(body, "agg_scope") == {"OUTSIDE": 1, "PROTECTED": 3}


def test_the_documentation_tables_go_through_suppression(make_report):
    for _ in range(6):
        make_report(assessment={"actor": "EMPLOYER"}, interventions=["COUNSELLING"])
    make_report(assessment={"actor": "POLICE"}, interventions=["COUNSELLING", "TESTING"])
    body = tables(k=5)
    actors = {row["code"]: row["value"] for row in table(body, "actors")["rows"]}
    assert actors["POLICE"] == {"value": None, "status": "primary"}
    # The rows add up to the incidents: with the police's 1 withheld, the employer's 6
    # would give it away, so one of them is withheld too.
    assert table(body, "actors")["reports"]["value"] is not None
    assert actors["EMPLOYER"] == {"value": None, "status": "complementary"}
    interventions = table(body, "interventions")
    by_code = {row["code"]: row["value"] for row in interventions["rows"]}
    assert by_code["TESTING"]["status"] == "primary"
    assert None in (by_code["COUNSELLING"]["value"], interventions["mentions"]["value"])


def test_single_choice_tables_add_up_to_the_reports(year_2025):
    body = tables()
    assert nonzero(body, "districts") == {"14612": 3, "14511": 1, "ONLINE": 1}
    assert nonzero(body, "months") == {
        "2025-03": 2,
        "2025-07": 1,
        "OTHER_YEAR": 1,
        "UNKNOWN": 1,
    }
    assert nonzero(body, "languages") == {"de": 3, "ar": 1, "uk": 1}
    assert nonzero(body, "reporter_roles") == {"AFFECTED": 4, "WITNESS": 1}
    assert nonzero(body, "police") == {"NO": 4, "YES": 1}
    assert nonzero(body, "channels") == {"WEB": 3, "PHONE": 1, "LETTER": 1}
    # The letter was assessed as discrimination: the one incident came in by letter.
    assert nonzero(body, "channels-incidents") == {"LETTER": 1}
    for table_id in ("districts", "months", "languages", "reporter_roles", "police", "channels"):
        assert sum(values(body, table_id).values()) == 5


def test_multi_choice_areas_and_forms(year_2025):
    body = tables()
    assert nonzero(body, "areas") == {"HOUSING": 3, "WORK": 1, "AUTHORITIES": 1}
    assert table(body, "areas")["none"]["value"] == 1
    assert table(body, "areas")["mentions"]["value"] == 5
    assert nonzero(body, "forms") == {"DIRECT": 4}
    assert table(body, "forms")["none"]["value"] == 1
    assert nonzero(body, "incident_types") == {"THREAT": 1, "VERBAL_ABUSE": 1}
    assert table(body, "incident_types")["none"]["value"] == 4
    assert table(body, "incident_types")["basis"] == "reports"


def test_cross_tables_count_pairs(year_2025):
    body = tables()
    assert cross(body, "ground_area") == {
        ("RACISM", "HOUSING"): 1,
        ("RACISM", "WORK"): 1,
        ("LANGUAGE", "HOUSING"): 1,
        ("LANGUAGE", "WORK"): 1,
        ("ANTI_MUSLIM", "HOUSING"): 1,
        ("RELIGION", "HOUSING"): 1,
        ("NATIONALITY", "AUTHORITIES"): 1,
        ("SOCIAL_STATUS", "HOUSING"): 1,
    }
    ga = table(body, "ground_area")
    assert ga["total"]["value"] == 8
    racism = next(r for r in ga["rows"] if r["code"] == "RACISM")
    assert racism["total"]["value"] == 2  # two pairs, one report
    assert racism["reports"]["value"] == 1

    assert cross(body, "district_ground") == {
        ("14612", "RACISM"): 1,
        ("14612", "LANGUAGE"): 1,
        ("14612", "NATIONALITY"): 1,
        ("14612", "SOCIAL_STATUS"): 1,
        ("14511", "ANTI_MUSLIM"): 1,
        ("14511", "RELIGION"): 1,
    }
    dg = table(body, "district_ground")
    # Column totals are the grounds table's figures; the grand total its mentions.
    grounds = values(body, "grounds")
    assert [c["value"] for c in dg["column_totals"]] == [grounds[g] for g in dg["columns"]]
    assert dg["total"]["value"] == table(body, "grounds")["mentions"]["value"]


def test_regions_are_rows_of_their_own_only_in_years_that_have_them(year_2025, make_report):
    """Retention coarsens a rare district to its region (docs/statistics.md)."""
    assert "REGION_DRESDEN" not in values(tables(), "districts")
    make_report(district="REGION_DRESDEN", grounds=["AGE"])
    body = tables()
    districts = values(body, "districts")
    assert districts["REGION_DRESDEN"] == 1 and "REGION_LEIPZIG" not in districts
    assert list(districts).index("REGION_DRESDEN") > list(districts).index("14730")
    assert list(districts).index("REGION_DRESDEN") < list(districts).index("OUTSIDE_SAXONY")
    assert cross(body, "district_ground")[("REGION_DRESDEN", "AGE")] == 1
    assert sum(districts.values()) == values(body, "overview")["INCLUDED"]
    tables(k=5)  # the equations still hold with the new rows: suppression finds a solution
    with translation.override("en"):
        label = labels.code_label("district", "REGION_DRESDEN")
    assert label == "Dresden region (district not kept)"


def test_a_language_retention_dropped_counts_as_unknown(make_report):
    make_report(language="")
    assert nonzero(tables(), "languages") == {"UNKNOWN": 1}


def test_an_empty_year_is_all_zero(db):
    body = tables(2030)
    assert values(body, "overview")["RECEIVED"] == 0
    assert not any(nonzero(body, t["id"]) for t in body["tables"] if t["kind"] != "cross")


def test_suppression_is_applied_to_the_published_body(year_2025):
    body = tables(k=5)
    for t in body["tables"]:
        figures = [row["value"] for row in t.get("rows", []) if "value" in row]
        for figure in figures:
            assert figure["value"] is None or figure["value"] == 0 or figure["value"] >= 5
    assert body["suppressed"]["primary"] > 0
    assert body["k"] == 5
    assert values(body, "overview")["RECEIVED"] in (None, 8)


def test_year_on_year_compares_with_published_figures(year_2025, make_report):
    for grounds in (["RACISM"], ["LANGUAGE"]) * 3:
        make_report(created_on="2024-05-05", grounds=grounds)
    previous = tables(2024, k=5)
    body = tables(2025, k=None, previous=previous)
    change = body["year_on_year"]
    assert change["previous_year"] == 2024
    included = next(r for r in change["rows"] if r["code"] == "INCLUDED")
    assert included["previous"]["value"] == 7
    assert included["current"]["value"] == 5
    assert included["change_percent"] == pytest.approx(-28.6)
    racism = next(r for r in change["rows"] if r["table"] == "grounds" and r["code"] == "RACISM")
    assert racism["previous"]["status"] == "primary"  # 4 of 7: withheld, so no change
    assert racism["change_percent"] is None


def test_live_statistics_compare_with_the_live_year_before(year_2025):
    body = live_statistics(2025)
    assert body["k"] is None
    assert body["suppressed"] == {
        "primary": 0,
        "complementary": 0,
        "figures": body["suppressed"]["figures"],
    }
    included = next(r for r in body["year_on_year"]["rows"] if r["code"] == "INCLUDED")
    assert included["previous"]["value"] == 1


def test_open_cases_by_status_and_age(make_report):
    import datetime

    make_report(created_on="2025-03-01", status=CaseStatus.NEW)
    make_report(created_on="2025-02-20", status=CaseStatus.NEW)
    make_report(created_on="2024-11-01", status=CaseStatus.IN_COUNSELLING)
    make_report(created_on="2025-03-01", status=CaseStatus.CLOSED)
    result = open_cases_by_status_and_age(datetime.date(2025, 3, 5))
    assert result["NEW"] == [1, 1, 0, 0]
    assert result["IN_COUNSELLING"] == [0, 0, 0, 1]
    assert "CLOSED" not in result


@pytest.mark.parametrize(
    ("histogram", "median"),
    [({}, None), ({3: 1}, 3), ({1: 1, 2: 1}, 1.5), ({0: 2, 5: 1}, 0), ({1: 2, 4: 2}, 2.5)],
)
def test_median_of_histogram(histogram, median):
    from collections import Counter

    assert median_of_histogram(Counter(histogram)) == median


def test_median_days_to_triage_and_reply(make_report):
    import datetime

    from reporting.models import Case
    from reporting.selectors.statistics import median_days_to

    for created, hours in (("2025-03-01", 5), ("2025-03-01", 30), ("2025-03-02", 80)):
        report = make_report(created_on=created)
        day = datetime.datetime.fromisoformat(f"{created}T08:00:00+00:00")
        Case.objects.filter(report=report).update(
            first_triaged_at=day + datetime.timedelta(hours=hours)
        )
    median, n = median_days_to("first_triaged_at", datetime.date(2025, 1, 1))
    assert (median, n) == (1.0, 3)
    assert median_days_to("first_replied_at", datetime.date(2025, 1, 1)) == (None, 0)


def test_grouping_in_sql_streaming_and_the_tallies_agree(year_2025):
    """PostgreSQL groups in SQL, other backends stream, the report reads the tallies kept
    on every change: all three give the same counts."""
    streamed = year_counts_scanned(2025, streamed=True)
    default = year_counts_scanned(2025)
    tallied = year_counts(2025)
    for name in ("excluded", "singles", "district_grounds", "grounds_areas", "forms", "agg"):
        assert dict(getattr(streamed, name)) == dict(getattr(default, name)), name
        assert dict(getattr(tallied, name)) == dict(getattr(default, name)), name


def test_downloads_name_the_basis_of_each_table(make_report):
    from reporting.statistics.export import table_records

    make_report(assessment={"actor": "LANDLORD"})
    body = tables()
    actors = table_records(table(body, "actors"), None)
    assert (actors[-1]["row_code"], actors[-1]["value"]) == ("_INCIDENTS", 1)
    assert {r["row_code"] for r in actors} >= {"LANDLORD", "_NONE", "_INCIDENTS"}
    assert table_records(table(body, "grounds"), None)[-1]["row_code"] == "_REPORTS"


# -- both counting bases -------------------------------------------------------------------


def test_every_table_comes_on_both_bases_side_by_side(year_2025):
    body = tables()
    ids = [t["id"] for t in body["tables"]]
    natives = [i for i in ids if "-" not in i and i != "overview"]
    for native in natives:
        twin = next(t for t in body["tables"] if t["id"].startswith(f"{native}-"))
        assert ids.index(twin["id"]) == ids.index(native) + 1  # right after its table
        assert {table(body, native)["basis"], twin["basis"]} == {"reports", "incidents"}
        assert twin["dimension"] == table(body, native)["dimension"]
        assert twin["reports"]["value"] == (1 if twin["basis"] == "incidents" else 5)
    assert len(ids) == 1 + 2 * len(natives)
    # The one incident the team assessed as discrimination: its assessment's codes.
    assert nonzero(body, "grounds-incidents") == {"ANTI_MUSLIM": 1, "RELIGION": 1}
    assert nonzero(body, "districts-incidents") == {"14511": 1}
    assert cross(body, "district_ground-incidents") == {
        ("14511", "ANTI_MUSLIM"): 1,
        ("14511", "RELIGION"): 1,
    }
    assert table(body, "grounds-incidents")["unit"] == "mentions"
    assert table(body, "months-incidents")["unit"] == "incidents"
    # Nothing recorded on the reports: the documentation's twins count them as not recorded.
    assert nonzero(body, "actors-reports") == {"_NONE": 5}
    assert table(body, "actors-reports")["basis"] == "reports"


def test_the_documentation_on_the_basis_of_reports_counts_undecided_assessments_too(
    make_report,
):
    make_report(assessment={"actor": "POLICE", "outcome": "APOLOGY"})
    make_report(assessment={"actor": "EMPLOYER", "is_discrimination": None})
    make_report()
    body = tables()
    assert nonzero(body, "actors") == {"POLICE": 1}
    assert nonzero(body, "actors-reports") == {"POLICE": 1, "EMPLOYER": 1, "_NONE": 1}
    assert nonzero(body, "outcomes-reports") == {"APOLOGY": 1, "_NONE": 2}


def test_each_basis_is_suppressed_on_its_own_and_soundly(make_report, monkeypatch):
    from reporting.statistics import annual
    from tests.reporting.statistics.test_suppression import check_safe

    for index in range(12):
        make_report(
            grounds=["RACISM"],
            areas=["HOUSING"],
            # Two of twelve confirmed: small on the incidents basis only.
            assessment={"actor": "LANDLORD"} if index < 2 else None,
        )
    seen, suppress = {}, annual.suppress

    def spy(figures, equations, k, *, bounds=()):
        result = suppress(figures, equations, k, bounds=bounds)
        seen.update(figures=figures, equations=equations, k=k, bounds=bounds, result=result)
        return result

    monkeypatch.setattr(annual, "suppress", spy)
    body = tables(k=5)
    # The whole system of both bases: no withheld figure can be worked out.
    check_safe(seen["figures"], seen["equations"], seen["k"], seen["result"], seen["bounds"])
    grounds = {r["code"]: r["value"] for r in table(body, "grounds")["rows"]}
    twin = {r["code"]: r["value"] for r in table(body, "grounds-incidents")["rows"]}
    assert grounds["RACISM"] == {"value": 12, "status": "published"}
    assert twin["RACISM"] == {"value": None, "status": "primary"}


def test_the_twins_say_their_basis_in_title_note_and_download(make_report):
    from reporting.statistics.export import table_records

    make_report(assessment={"actor": "LANDLORD"})
    body = tables()
    assert table_records(table(body, "grounds-incidents"), None)[-1]["row_code"] == "_INCIDENTS"
    assert table_records(table(body, "actors-reports"), None)[-1]["row_code"] == "_REPORTS"
    with translation.override("de"):
        assert labels.table_title("grounds-incidents") == (
            "Diskriminierungsgründe: als Diskriminierung eingeschätzte Vorfälle"
        )
        assert labels.table_title("grounds") == "Diskriminierungsgründe"
        assert "Vorfälle" in labels.table_description("grounds-incidents")
