"""The submission benchmark's verdicts (issue 17), from given figures: no timing."""

from collections import Counter

import pytest

from bench.load import LoadResult
from bench.report import Section
from bench.submission import judge_api, p95_target, pooled_rate, throughput_target


def api_result(*, ok: int, wall: float, latencies: list[float], clients: int = 16) -> LoadResult:
    errors = len(latencies) - ok
    return LoadResult(
        clients=clients,
        latencies=latencies,
        outcomes=Counter({"201": ok, "500": errors}) if errors else Counter({"201": ok}),
        ok=ok,
        wall=wall,
    )


def verdicts(section: Section) -> dict[str, bool | None]:
    """Each figure's verdict under the part of its name before the first comma."""
    return {figure.name.split(",")[0]: figure.passed for figure in section.figures}


def judged(api: LoadResult, *, pair_rate: float = 40.0, stored: int | None = None) -> Section:
    section = Section("Submission")
    stored = api.ok if stored is None else stored
    judge_api(section, api=api, pair_rate=pair_rate, stored=stored, workers=5)
    return section


def test_throughput_target_is_85_percent_of_the_pair():
    assert throughput_target(40.0) == pytest.approx(34.0)


def test_p95_target_is_one_and_a_half_times_the_mean_that_littles_law_gives():
    # The example: 16 clients at 42 submissions/s wait 381 ms on average.
    assert p95_target(clients=16, throughput=42.0) == pytest.approx(1.5 * 16 / 42)
    assert p95_target(clients=16, throughput=42.0) == pytest.approx(0.5714, abs=1e-4)


def test_p95_target_without_throughput_cannot_be_met():
    assert p95_target(clients=16, throughput=0.0) == 0.0


def test_pooled_rate_is_all_calls_over_all_time():
    # 10 calls at 40/s (0.25 s) and 10 at 60/s (0.167 s): 20 calls in 0.417 s.
    assert pooled_rate([40.0, 60.0]) == pytest.approx(48.0)
    assert pooled_rate([55.0]) == pytest.approx(55.0)


def test_a_run_at_90_percent_of_the_pair_with_a_short_tail_meets_every_target():
    # 36 submissions/s; Little's law: 16 ÷ 36/s = 444 ms mean, so the p95 may reach 667 ms.
    api = api_result(ok=600, wall=600 / 36, latencies=[0.44] * 570 + [0.60] * 30)

    assert verdicts(judged(api)) == {
        "API throughput": True,
        "API latency p95": True,
        "API errors (not 201 with a receipt code)": True,
        "API reports stored / 201 responses": True,
    }


def test_throughput_is_judged_against_the_pair_of_the_same_run():
    api = api_result(ok=600, wall=600 / 34.1, latencies=[0.45] * 600)

    assert verdicts(judged(api, pair_rate=40.0))["API throughput"] is True
    assert verdicts(judged(api, pair_rate=40.2))["API throughput"] is False


def test_the_throughput_row_names_the_share_and_the_rate_it_needed():
    api = api_result(ok=600, wall=600 / 30, latencies=[0.5] * 600)

    figure = judged(api, pair_rate=40.0).figures[0]

    assert figure.value == "30.0 submissions/s = 75.0% of the pair"
    assert figure.target == "≥ 85% of two bare Argon2id processes, same run (≥ 34.0/s)"
    assert figure.verdict == "FAIL"


def test_a_long_tail_misses_the_p95_whatever_the_throughput():
    # 40/s: mean by Little's law 400 ms, so the p95 may reach 600 ms; 10 % of 700 ms miss.
    api = api_result(ok=600, wall=600 / 40, latencies=[0.35] * 540 + [0.70] * 60)

    section = judged(api, pair_rate=44.0)

    assert verdicts(section)["API throughput"] is True
    assert verdicts(section)["API latency p95"] is False
    p95 = section.figures[1]
    assert p95.target == "≤ 1.5 × 16 clients ÷ throughput (≤ 600.0 ms)"
    assert p95.value.startswith("700.0 ms")


def test_the_p95_limit_follows_the_number_of_clients():
    # 4 clients at 40/s: 100 ms mean, 150 ms allowed.
    api = api_result(ok=600, wall=600 / 40, latencies=[0.1] * 600, clients=4)

    assert verdicts(judged(api))["API latency p95"] is True
    slower = api_result(ok=600, wall=600 / 40, latencies=[0.16] * 600, clients=4)
    assert verdicts(judged(slower))["API latency p95"] is False


def test_one_error_fails_the_run():
    api = api_result(ok=599, wall=600 / 36, latencies=[0.44] * 600)

    section = judged(api)

    assert verdicts(section)["API errors (not 201 with a receipt code)"] is False
    assert section.figures[2].value == "1 of 600 (201: 599, 500: 1)"


def test_a_201_without_a_stored_report_fails_the_run():
    api = api_result(ok=600, wall=600 / 36, latencies=[0.44] * 600)

    assert verdicts(judged(api, stored=599))["API reports stored / 201 responses"] is False


def test_a_run_without_a_single_answer_fails():
    api = api_result(ok=0, wall=120.0, latencies=[])

    found = verdicts(judged(api, stored=0))

    assert found["API throughput"] is False
    assert found["API latency p95"] is False
    assert found["API errors (not 201 with a receipt code)"] is False
