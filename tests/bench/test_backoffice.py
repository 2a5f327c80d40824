"""The back-office benchmark's printed verdicts, from given figures: no timing."""

from bench.backoffice import table


def figures(vendor: str, **changes) -> dict:
    measured = {
        "vendor": vendor,
        "reports": 100_000,
        "seed_s": 55.0,
        "inbox_p95_ms": 31.0,
        "inbox_p50_ms": 25.0,
        "api_p95_ms": 29.2,
        "api_p50_ms": 20.0,
        "queries_page_10": 8,
        "queries_page_200": 8,
        "case_p50_ms": 17.5,
        "case_api_p50_ms": 13.4,
        "suggestions_p95_ms": 7.6,
        "member_inbox_p95_ms": 12.0,
        "member_inbox_p50_ms": 9.0,
        "member_cases": 454,
    }
    return measured | changes


def row(printed: str, key: str) -> list[str]:
    line = next(line for line in printed.splitlines() if line.startswith(f"| {key} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_every_target_met_passes():
    printed, passed = table([figures("sqlite"), figures("postgresql")])

    assert passed is True
    assert "| figure | sqlite | postgresql | target | verdict |" in printed
    assert row(printed, "case_p50_ms") == ["case_p50_ms", "17.5", "17.5", "< 20", "PASS"]
    assert row(printed, "seed_s") == ["seed_s", "55.0", "55.0", "", ""]


def test_one_database_over_a_target_fails_that_figure():
    printed, passed = table([figures("sqlite"), figures("postgresql", case_p50_ms=30.8)])

    assert passed is False
    assert row(printed, "case_p50_ms") == ["case_p50_ms", "17.5", "30.8", "< 20", "FAIL"]
    assert row(printed, "inbox_p95_ms")[-1] == "PASS"


def test_a_slow_member_inbox_fails():
    printed, passed = table([figures("sqlite", member_inbox_p95_ms=61.0), figures("postgresql")])

    assert passed is False
    assert row(printed, "member_inbox_p95_ms") == [
        "member_inbox_p95_ms", "61.0", "12.0", "< 50", "FAIL"
    ]  # fmt: skip


def test_a_query_count_that_grows_with_the_page_size_fails():
    printed, passed = table([figures("sqlite", queries_page_200=9), figures("postgresql")])

    assert passed is False
    assert printed.endswith("query count independent of page size: FAIL")
