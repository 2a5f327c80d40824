"""The report form page: server time, bytes transferred, requests to other hosts."""

import gzip
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from bench import load
from bench.report import Section, kib, ms, percentile
from bench.stack import Stack, log

NAME = "form_page"
TITLE = "Form page (GET /de/report/)"

PAGE_PATH = "/de/report/"
LANDING_PATH = "/de/"
CHROMIUM = Path("/usr/bin/chromium")
P50_TARGET = 0.010
SIZE_TARGET = 40 * 1024

# Attributes whose value a browser may fetch or navigate to.
URL_ATTRIBUTES = {
    "action",
    "background",
    "cite",
    "data",
    "formaction",
    "href",
    "icon",
    "manifest",
    "poster",
    "src",
    "srcset",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) \d+ (?P<us>\d+)us$')


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.stylesheets: list[str] = []
        self.quick_exit = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "quick-exit" in (attributes.get("class") or "").split():
            # The quick exit leaves for a neutral site by design (issue 20); it is a link
            # the reporter follows to get away, never a request the page makes.
            self.quick_exit = attributes.get("href", "")
            return
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                if name == "srcset":
                    self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
                else:
                    self.urls.append(value)
            if name == "style" and value:
                self.urls += [a or b for a, b in CSS_URL.findall(value)]
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.stylesheets.append(attributes.get("href", ""))


def other_hosts(urls: list[str], page_url: str) -> list[str]:
    """The URLs that point to a host other than the page's own."""
    own = urlsplit(page_url)
    foreign = []
    for url in urls:
        parts = urlsplit(urljoin(page_url, url.strip()))
        if parts.scheme in {"data", "mailto", "tel", "javascript", "about"}:
            continue  # no request to a host (javascript: is blocked by the CSP anyway)
        if parts.scheme not in {"http", "https"} or parts.netloc != own.netloc:
            foreign.append(url)
    return foreign


def _wire_size(http: httpx.Client, url: str, accept_encoding: str) -> tuple[int, int, str]:
    """(body bytes as transferred, header bytes, Content-Encoding)."""
    with http.stream("GET", url, headers={"Accept-Encoding": accept_encoding}) as response:
        response.raise_for_status()
        body = sum(len(chunk) for chunk in response.iter_raw())
        headers = sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 17
        return body, headers, response.headers.get("content-encoding", "identity")


def _server_times(stack: Stack, since_line: int) -> list[float]:
    times = []
    for line in stack.access_log_lines()[since_line:]:
        match = ACCESS_LINE.search(line)
        if match and match["path"] == PAGE_PATH and match["status"] == "200":
            times.append(int(match["us"]) / 1e6)
    return times


def _browser_requests(url: str) -> tuple[list[str], str]:
    """Every request Chromium makes to load the page with JavaScript off."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [], "Playwright not installed"
    requests: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=["--no-sandbox", "--disable-background-networking"],
                timeout=30_000,
            )
            try:
                context = browser.new_context(java_script_enabled=False)
                page = context.new_page()
                page.on("request", lambda request: requests.append(request.url))
                page.goto(url, wait_until="load", timeout=30_000)
                page.wait_for_timeout(500)
            finally:
                browser.close()
    except Exception as exc:  # a missing or mismatched browser must not end the run
        return [], f"Chromium could not run: {type(exc).__name__}: {str(exc)[:200]}"
    return requests, ""


def run(stack: Stack, options) -> Section:
    section = Section(TITLE)
    page_url = stack.url(PAGE_PATH)

    with load.client(stack.base_url) as http:
        for _ in range(20):  # warm-up: every worker renders the page once or more
            http.get(PAGE_PATH).raise_for_status()
        log(f"form page: {options.page_requests} sequential GETs")
        first_line = len(stack.access_log_lines())
        walls, failures = [], 0
        for _ in range(options.page_requests):
            began = time.perf_counter()
            response = http.get(PAGE_PATH)
            walls.append(time.perf_counter() - began)
            failures += response.status_code != 200
        time.sleep(0.2)  # let the workers flush their access-log lines
        servers = _server_times(stack, first_line)
        # For comparison: the landing page has the same base template but no form.
        landing = []
        for _ in range(min(100, options.page_requests)):
            began = time.perf_counter()
            http.get(LANDING_PATH)
            landing.append(time.perf_counter() - began)

        html = http.get(PAGE_PATH, headers={"Accept-Encoding": "identity"}).text
        links = _Links()
        links.feed(html)
        css_urls = [urljoin(page_url, href) for href in links.stylesheets]
        css_text = "".join(http.get(url).text for url in css_urls)
        css_refs = [a or b for a, b in CSS_URL.findall(css_text)]

        html_plain, html_headers, _ = _wire_size(http, page_url, "identity")
        html_served, _, html_encoding = _wire_size(http, page_url, "gzip, deflate, br")
        css_plain = css_served = css_headers = 0
        css_encodings = []
        for url in css_urls:
            plain, headers, _ = _wire_size(http, url, "identity")
            served, _, encoding = _wire_size(http, url, "gzip, deflate, br")
            css_plain, css_served, css_headers = (
                css_plain + plain,
                css_served + served,
                css_headers + headers,
            )
            css_encodings.append(encoding)
    html_gzip = len(gzip.compress(html.encode(), compresslevel=6))

    p50, p95 = percentile(walls, 50), percentile(walls, 95)
    section.add(
        f"Wall time p50, {len(walls)} sequential GETs (upper bound on server time)",
        ms(p50),
        f"< {ms(P50_TARGET)}",
        p50 < P50_TARGET and failures == 0,
    )
    section.info("Wall time p95 / max", f"{ms(p95)} / {ms(max(walls))}")
    if servers:
        section.info(
            "Server time p50 / p95 (gunicorn access log)",
            f"{ms(percentile(servers, 50))} / {ms(percentile(servers, 95))} ({len(servers)} lines)",
        )
    section.info(
        f"For comparison: landing page {LANDING_PATH} wall time p50",
        f"{ms(percentile(landing, 50))} ({len(landing)} GETs, same base template, no form)",
    )
    if failures:
        section.notes.append(f"{failures} GETs did not answer 200.")

    section.info("HTML, uncompressed", kib(html_plain))
    section.info(
        "HTML as served (Accept-Encoding: gzip, br)",
        f"{kib(html_served)}, Content-Encoding: {html_encoding}; gzip -6 would be {kib(html_gzip)}",
    )
    section.info(f"CSS ({len(css_urls)} file), uncompressed", kib(css_plain))
    section.info(
        "CSS as served (Accept-Encoding: gzip, br)",
        f"{kib(css_served)}, Content-Encoding: {', '.join(css_encodings) or '-'}",
    )
    total_plain = html_plain + css_plain
    total_served = html_served + css_served
    headers = html_headers + css_headers
    section.add(
        "Form page + CSS, uncompressed bodies",
        kib(total_plain),
        "< 40 KB",
        total_plain < SIZE_TARGET,
    )
    section.add(
        "Form page + CSS as served, bodies + headers",
        kib(total_served + headers),
        "< 40 KB",
        total_served + headers < SIZE_TARGET,
    )

    foreign = other_hosts(links.urls + css_refs, page_url)
    section.add(
        "References to other hosts (HTML src/href/action…, CSS url()/@import)",
        f"{len(foreign)} of {len(links.urls) + len(css_refs)} URLs",
        "0",
        not foreign,
    )
    if foreign:
        section.notes.append("Other hosts referenced: " + ", ".join(sorted(set(foreign))[:10]))
    if links.quick_exit:
        section.notes.append(f"Not counted: the quick exit's link to {links.quick_exit}")

    if CHROMIUM.exists():
        log("form page: loading in Chromium (JavaScript off)")
        requests, problem = _browser_requests(page_url)
        if problem:
            section.info("Chromium: requests to other hosts", f"not measured ({problem})")
        else:
            foreign = other_hosts(requests, page_url)
            section.add(
                "Chromium (JS off): requests to other hosts",
                f"{len(foreign)} of {len(requests)} requests",
                "0",
                not foreign and bool(requests),
            )
            if foreign:
                section.notes.append("Chromium requested: " + ", ".join(sorted(set(foreign))[:10]))
    else:
        section.info("Chromium: requests to other hosts", f"not measured ({CHROMIUM} missing)")
    return section
