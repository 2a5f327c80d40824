"""Lighthouse (mobile) on the landing page, in German and Arabic: SEO at least 90,
accessibility 100, performance at least 95 (issue 20, "Findable").

Lighthouse is an npm package: the test installs the pinned version into the git-ignored
var/tools/ on first use and runs it with Debian's Chromium (CHROME_PATH; it never
downloads a browser). Without node and npm the test is skipped locally and fails in CI
(MELDESTELLE_REQUIRE_LIGHTHOUSE=1).
"""

import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "var" / "tools"
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
MINIMUM = {"seo": 90, "accessibility": 100, "performance": 95}
# Lighthouse's mobile defaults (a mid-range phone on slow 4G, simulated). The simulation
# scales the CPU time it observes, and on a shared machine that time swings with the
# neighbours' work (benchmarkIndex from 500 to 1200 between two runs here), so each
# category counts its best of up to three runs, as Lighthouse CI's "optimistic"
# aggregation does; the page itself does not change between runs.
RUNS = 3


def _skip_or_fail(reason: str):
    if os.environ.get("MELDESTELLE_REQUIRE_LIGHTHOUSE") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def lighthouse() -> Path:
    if not CHROMIUM.exists():
        _skip_or_fail(f"Chromium not found at {CHROMIUM}")
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return LIGHTHOUSE
    npm = shutil.which("npm")
    if not (npm and shutil.which("node")):
        _skip_or_fail("node and npm are needed for Lighthouse (Debian: apt-get install npm)")
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
        capture_output=True,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        timeout=600,
    )  # fmt: skip
    return LIGHTHOUSE


def _scores(lighthouse: Path, url: str, out: Path) -> tuple[dict | None, dict]:
    run = subprocess.run(
        [str(lighthouse), url, "--only-categories=performance,accessibility,seo",
         "--output=json", f"--output-path={out}", "--quiet", "--max-wait-for-load=30000",
         "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS])],
        capture_output=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        timeout=180,
    )  # fmt: skip
    if run.returncode:
        # Lighthouse sometimes loses its Chrome on a loaded machine: a lost run, not a score.
        return None, {"lighthouse": run.stderr.decode(errors="replace")[-500:]}
    report = json.loads(out.read_text())
    scores = {name: round(c["score"] * 100) for name, c in report["categories"].items()}
    failed = {
        audit["id"]: audit.get("displayValue", "")
        for name in MINIMUM
        for ref in report["categories"][name]["auditRefs"]
        if ref["weight"] and (audit := report["audits"][ref["id"]])["score"] not in (None, 1)
    }
    return scores, failed


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_landing_page_scores(lighthouse, live_server, association_keyring, tmp_path, lang):
    url = f"{live_server.url}/{lang}/"
    # A server in production is warm: the first request compiles templates and catalogues.
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the live server
        assert response.status == 200
    best, failed = dict.fromkeys(MINIMUM, 0), {}
    for attempt in range(RUNS):
        scores, failed_now = _scores(lighthouse, url, tmp_path / f"{lang}-{attempt}.json")
        failed.update(failed_now)
        if scores is None:
            continue
        best = {name: max(best[name], scores[name]) for name in MINIMUM}
        if all(best[name] >= minimum for name, minimum in MINIMUM.items()):
            break
    short = {name: best[name] for name, minimum in MINIMUM.items() if best[name] < minimum}
    assert short == {}, failed  # the audits that cost points, with their figures
