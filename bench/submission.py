"""Submitting reports through the full stack (API and HTML form), against Argon2id alone.

Argon2id runs once per submission and is most of its cost, so the API's throughput is
judged against two bare Argon2id processes (one per core) timed in the same run.
"""

import datetime
import multiprocessing
import os
import re
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from http.client import HTTPException

from bench import load
from bench.report import Section, ms, percentile
from bench.stack import Stack, cores, log

NAME = "submission"
TITLE = "Submission (POST /api/v1/public/reports/, POST /de/report/)"

API_PATH = "/api/v1/public/reports/"
FORM_PATH = "/de/report/"
RECEIPT_GROUP = re.compile(r'<span class="group">(\d{4})</span>')
SAMPLE_CODE = "4711081547110815"

# The targets (issue 17) are ratios of figures taken in the same run: the benchmark
# hosts' speed drifts by up to 2× within minutes, so an absolute rate or time would
# judge the host, not the code.
# Throughput against two bare Argon2id processes, one per core, timed around the
# rounds: about the most the server could reach were everything besides Argon2id free.
# The old reference, cores ÷ one call's time, assumed that two calls at once keep one
# call's speed, which the small VMs do not (docs/benchmarks-history.md).
PAIR_SHARE = 0.85
# The p95 against the mean latency that Little's law gives c closed-loop clients,
# c ÷ throughput: the tail stays short whatever the host's speed. The old "p95 < 500 ms
# at 16 clients" needed ≥ 32 submissions/s, more than two cores give at this Argon2id cost.
P95_OVER_MEAN = 1.5


def _last_month() -> tuple[int, int]:
    first = datetime.date.today().replace(day=1)
    previous = first - datetime.timedelta(days=1)
    return previous.year, previous.month


def api_payload(index: int) -> dict:
    """A valid API submission (the shape of tests.factories.api_payload)."""
    year, month = _last_month()
    return {
        "language": "en",
        "narrative": f"Benchmark report {index}: the landlord said the flat was already gone.",
        "incident_month": f"{year:04d}-{month:02d}",
        "district": "14612",
        "grounds": ["RACISM"],
        "areas": ["HOUSING"],
        "forms": ["DIRECT"],
        "reporter_role": "AFFECTED",
        "reported_to_police": "NO",
        "consent_processing": True,
    }


def form_data(index: int) -> dict:
    """Valid POST data of the HTML form (the shape of tests.factories.form_data)."""
    year, month = _last_month()
    return {
        "narrative": f"Benchmark-Meldung {index}: die Wohnung sei schon weg, hieß es.",
        "incident_month": str(month),
        "incident_year": str(year),
        "district": "14713",
        "grounds": ["RACISM"],
        "areas": ["HOUSING"],
        "incident_forms": ["DIRECT"],
        "reporter_role": "AFFECTED",
        "reported_to_police": "NO",
        "contact_language": "de",
        "consent_processing": "on",
    }


def send_api(http: load.PlainClient, index: int) -> tuple[bool, str]:
    response = http.post(API_PATH, json=api_payload(index))
    ok = response.status_code == 201 and re.fullmatch(
        r"\d{16}", response.json().get("receipt_code", "")
    )
    return bool(ok), str(response.status_code)


def send_form(http: load.PlainClient, index: int) -> tuple[bool, str]:
    # What a browser sends for a same-origin form POST.
    response = http.post(
        FORM_PATH, data=form_data(index), headers={"Sec-Fetch-Site": "same-origin"}
    )
    ok = response.status_code == 200 and len(RECEIPT_GROUP.findall(response.text)) == 4
    return ok, str(response.status_code)


# -- Argon2id bound -----------------------------------------------------------


def _production_kdf(stack: Stack):
    """RECEIPT_KDF exactly as config.settings builds it from the stack's environment."""
    os.environ.update(stack.env)
    import django

    django.setup()
    from reporting.receipts import receipt_kdf

    return receipt_kdf()


def _kdf_calls(params, salt: str, calls: int) -> float:
    from reporting.crypto import derive_receipt_keys

    began = time.perf_counter()
    for _ in range(calls):
        derive_receipt_keys(SAMPLE_CODE, site_salt=salt, params=params)
    return time.perf_counter() - began


def kdf_timings(params, salt: str, calls: int) -> list[float]:
    """Seconds of each of `calls` sequential Argon2id calls, after a warm-up call."""
    _kdf_calls(params, salt, 1)
    return [_kdf_calls(params, salt, 1) for _ in range(calls)]


def kdf_parallel_rate(params, salt: str, calls: int) -> float:
    """Argon2id calls per second with one process per core ("the pair" on two cores)."""
    n = cores()
    per_process = max(2, calls // n)
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_kdf_calls, [params] * n, [salt] * n, [1] * n))  # start + warm up
        began = time.perf_counter()
        list(pool.map(_kdf_calls, [params] * n, [salt] * n, [per_process] * n))
        return n * per_process / (time.perf_counter() - began)


# -- targets --------------------------------------------------------------------


def pooled_rate(rates: list[float]) -> float:
    """Calls per second over samples of the same number of calls: all calls / all time."""
    return len(rates) / sum(1 / rate for rate in rates)


def throughput_target(pair_rate: float) -> float:
    """Submissions per second the API must reach: a share of the pair's calls per second."""
    return PAIR_SHARE * pair_rate


def p95_target(*, clients: int, throughput: float) -> float:
    """Seconds the p95 may take: P95_OVER_MEAN × the mean latency by Little's law."""
    return P95_OVER_MEAN * clients / throughput if throughput > 0 else 0.0


def judge_api(
    section: Section, *, api: load.LoadResult, pair_rate: float, stored: int, workers: int
) -> None:
    """Add the API run's figures that have a target, with their verdicts."""
    floor = throughput_target(pair_rate)
    section.add(
        f"API throughput, {api.clients} clients, {workers} workers",
        f"{api.throughput:.1f} submissions/s = {api.throughput / pair_rate:.1%} of the pair",
        f"≥ {PAIR_SHARE:.0%} of two bare Argon2id processes, same run (≥ {floor:.1f}/s)",
        api.throughput >= floor,
    )
    ceiling = p95_target(clients=api.clients, throughput=api.throughput)
    section.add(
        f"API latency p95, {api.clients} clients",
        f"{ms(api.p(95))} (mean {ms(api.mean)})",
        f"≤ {P95_OVER_MEAN:g} × {api.clients} clients ÷ throughput (≤ {ms(ceiling)})",
        api.p(95) <= ceiling,
    )
    section.add(
        "API errors (not 201 with a receipt code)",
        f"{api.errors} of {api.requests} ({api.outcome_text()})",
        "0",
        api.errors == 0 and api.requests > 0,
    )
    section.add(
        "API reports stored / 201 responses",
        f"{stored} / {api.ok}",
        "equal",
        stored == api.ok,
    )


# -- rate limiter -------------------------------------------------------------


def rate_limit_count(stack: Stack) -> int:
    """Submissions the limiter has counted (every bench request comes from one address)."""
    pattern = "%rl:report_submit:%"
    if stack.redis is not None:
        keys = stack.redis.scan_iter(match=pattern.replace("%", "*"))
        return sum(int(stack.redis.get(key) or 0) for key in keys)
    from django.core.cache import cache
    from django.db import connections

    with stack.connect() as conn:
        keys = [
            row[0]
            for row in conn.execute(
                "SELECT cache_key FROM meldestelle_cache WHERE cache_key LIKE %s", [pattern]
            )
        ]
    try:
        # Stored keys carry the cache's ":<version>:" prefix; cache.get adds it again.
        return sum(cache.get(key.split(":", 2)[2]) or 0 for key in keys)
    finally:
        connections.close_all()


# -- scenario -----------------------------------------------------------------


def _stored(stack: Stack) -> int:
    return stack.count("reporting_report")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed_run(stack: Stack, send, *, total: int, clients: int, deadline: float):
    before = _stored(stack)
    cpu_before = _cpu_seconds()
    result = load.run(stack.base_url, send, total=total, clients=clients, deadline=deadline)
    result.client_cpu = _cpu_seconds() - cpu_before
    return result, _stored(stack) - before


def _alternating(stack: Stack, rounds: int) -> tuple[load.LoadResult, load.LoadResult]:
    """One client, API then form, `rounds` times: both see the same machine."""
    results = {send_api: load.LoadResult(clients=1), send_form: load.LoadResult(clients=1)}
    with load.plain_client(stack.base_url) as http:
        for index in range(rounds):
            for send, result in results.items():
                began = time.perf_counter()
                try:
                    ok, label = send(http, index)
                except (OSError, HTTPException) as exc:
                    ok, label = False, type(exc).__name__
                result.latencies.append(time.perf_counter() - began)
                result.outcomes[label] += 1
                result.ok += ok
    return results[send_api], results[send_form]


def _api_rounds(stack: Stack, options, params, salt: str):
    """The API load in rounds, Argon2id timed before each round and after the last.

    The host's speed drifts within minutes (docs/benchmarks-history.md): a reference
    taken only before the load can come from a faster or slower phase than the load
    itself. Taking turns puts both measurements into the same phases. Each turn times
    one Argon2id process alone, then one per core (the pair).
    """
    per_round = -(-options.requests // options.rounds)
    kdf_samples, pair_rates, results, stored = [], [], [], 0

    def sample_argon2id() -> None:
        kdf_samples.append(kdf_timings(params, salt, options.kdf_calls))
        pair_rates.append(kdf_parallel_rate(params, salt, options.kdf_calls))

    for number in range(1, options.rounds + 1):
        sample_argon2id()
        log(f"API round {number}/{options.rounds}: {per_round} submissions")
        result, round_stored = _timed_run(
            stack, send_api, total=per_round, clients=options.clients, deadline=120
        )
        results.append(result)
        stored += round_stored
    sample_argon2id()
    return kdf_samples, pair_rates, results, stored


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def run(stack: Stack, options) -> Section:
    section = Section(TITLE)
    n = cores()
    params = _production_kdf(stack)
    salt = stack.env["MELDESTELLE_RECEIPT_SALT"]

    stored_before = _stored(stack)
    log("warm-up: one submission per worker")
    load.run(stack.base_url, send_api, total=stack.workers * 2, clients=stack.workers)

    log("service time: one client, API and form alternately (no queueing)")
    api_seq, form_seq = _alternating(stack, options.sequential)

    kdf_samples, pair_rates, api_results, api_stored = _api_rounds(stack, options, params, salt)
    api = load.LoadResult.combined(api_results)
    log(f"form: {options.form_requests} submissions from {options.clients} concurrent clients")
    form, form_stored = _timed_run(
        stack, send_form, total=options.form_requests, clients=options.clients, deadline=45
    )

    submitted = _stored(stack) - stored_before
    counted = rate_limit_count(stack)

    timings = [seconds for sample in kdf_samples for seconds in sample]
    per_call = _mean(timings)
    kdf_median = percentile(timings, 50)
    bound = n / per_call
    pair_rate = pooled_rate(pair_rates)
    # Each round against the pair just before and just after it.
    round_shares = [
        result.throughput / pooled_rate(pair_rates[i : i + 2])
        for i, result in enumerate(api_results)
    ]
    section.info(
        "Argon2id parameters (RECEIPT_KDF)",
        f"t={params.iterations}, m={params.memory_cost_kib // 1024} MiB, p={params.lanes}",
    )
    section.info(
        "Argon2id alone, time per call (mean / median / max)",
        f"{ms(per_call)} / {ms(kdf_median)} / {ms(max(timings))} ({len(timings)} calls, "
        f"{len(kdf_samples)} samples of {options.kdf_calls} around the API rounds)",
    )
    section.info(
        "Argon2id alone, mean per sample, in order",
        " / ".join(ms(_mean(sample)) for sample in kdf_samples),
    )
    section.info(
        "Two bare Argon2id processes (the pair), calls/s per sample, in order",
        " / ".join(f"{rate:.1f}" for rate in pair_rates)
        + f"; together {pair_rate:.1f} = {pair_rate / bound:.0%} of {n} cores ÷ one call",
    )
    judge_api(section, api=api, pair_rate=pair_rate, stored=api_stored, workers=stack.workers)
    section.info(
        "API throughput against the pair, per round (the pair before and after it)",
        " / ".join(f"{share:.0%}" for share in round_shares),
    )
    section.info(
        "API throughput against cores ÷ one call (the reference before issue 17)",
        f"{api.throughput / bound:.0%} of {bound:.1f}/s",
    )
    section.info("API latency p50 / max", f"{ms(api.p(50))} / {ms(api.p(100))}")
    section.info(
        "Load generator (this process) CPU during the API run",
        f"{api.client_cpu:.1f} s in {api.wall:.1f} s = {api.client_cpu / api.wall:.0%} of one core",
    )
    if api.truncated:
        section.notes.append(f"The API run hit its time limit after {api.requests} requests.")

    section.info(
        f"Form throughput, {form.clients} clients",
        f"{form.throughput:.2f} submissions/s ({form.throughput / api.throughput:.0%} of API)"
        if api.throughput
        else f"{form.throughput:.2f} submissions/s",
    )
    section.info("Form latency p50 / p95", f"{ms(form.p(50))} / {ms(form.p(95))}")
    section.add(
        "Form errors (not 200 with a receipt code)",
        f"{form.errors} of {form.requests} ({form.outcome_text()})",
        "0",
        form.errors == 0 and form.requests > 0,
    )
    section.add(
        "Form reports stored / receipts shown",
        f"{form_stored} / {form.ok}",
        "equal",
        form_stored == form.ok,
    )
    section.info(
        "Service time, one client: API / form (median)",
        f"{ms(api_seq.p(50))} / {ms(form_seq.p(50))} ({options.sequential} each, alternating, "
        f"{api_seq.errors + form_seq.errors} errors)",
    )
    section.info(
        "Service time minus Argon2id (API / form)",
        f"{ms(api_seq.p(50) - kdf_median)} / {ms(form_seq.p(50) - kdf_median)}",
    )
    section.info(
        "Rate limiter: submissions counted / stored (same client address)",
        f"{counted} / {submitted}",
    )
    if counted < submitted:
        section.notes.append(
            f"The submission rate limiter counted {counted} of {submitted} submissions from one "
            "address: with the database cache, web/ratelimit.py's cache.incr() is a read "
            "and a write, so concurrent submissions overwrite each other's count."
        )
    return section
