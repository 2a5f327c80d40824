"""Issue 21 on the statistics pages: headline figures with the change against the year
before (from the published snapshots as stored), full district names for the map, the
operator named on the report (and so in its print), and headlines on the dashboard."""

import re

import pytest

from reporting.models import CaseStatus
from reporting.vocabulary.roles import Role
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

PAGE = "/en/statistics/2025/1/"


def _headlines(html: str) -> list[str]:
    found = re.findall(r'<li class="headline">(.*?)</li>', html, re.S)
    text = [
        re.sub(r"<[^>]+>", " ", item).replace("\u2066", "").replace("\u2069", "") for item in found
    ]
    return [re.sub(r"\s+", " ", item).strip() for item in text]


def test_headlines_compare_with_the_published_year_before(client, published_two_years):
    found = _headlines(client.get(PAGE).content.decode())
    assert found == [
        "Reports counted in this report 20 -16.7 % against 2024 (24)",
        "Incidents these reports are about 20 -16.7 % against 2024 (24)",
        "Incidents assessed as discrimination by the team 0 none in 2024",
        "Most often named ground: Racist attribution / ethnic origin 12 -25.0 % against 2024 (16)",
        "Most often named area of life: Housing 12 -25.0 % against 2024 (16)",
    ]


def test_headlines_do_not_follow_later_changes_to_cases(client, published_two_years, make_report):
    """Both years are frozen: reports counted after publishing leave the comparison alone."""
    from performance import page_cache

    before = _headlines(client.get(PAGE).content.decode())
    for created_on in ("2024-07-07", "2025-07-07"):
        make_report(created_on=created_on, grounds=["AGE"])
    page_cache._pages.clear()
    assert _headlines(client.get(PAGE).content.decode()) == before


def test_without_a_published_year_before_there_is_no_comparison(client, published):
    found = _headlines(client.get(PAGE).content.decode())
    assert found and all("no comparison: 2024 has not been published" in h for h in found)


def test_a_withheld_top_is_not_named(client, published):
    """In `published` a figure of the grounds and of the areas is withheld to protect
    another, so neither table has a top that can be named."""
    found = _headlines(client.get(PAGE).content.decode())
    assert len(found) == 3 and not any("Most often" in h for h in found)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_headlines_are_translated(client, published_two_years, language):
    html = client.get(f"/{language}/statistics/2025/1/").content.decode()
    found = _headlines(html)
    assert len(found) == 5
    assert not any("against" in h or "Most often" in h or "comparison" in h for h in found)


def test_the_map_names_the_districts_in_full(client, published):
    html = client.get("/de/statistics/2025/1/").content.decode()
    key = re.search(r'<dl class="district-key">(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", key)
    assert ("L", "Leipzig (Stadt)") in pairs and ("DD", "Dresden (Stadt)") in pairs
    assert len(pairs) == 13
    desc = re.search(r'<desc id="[a-z]+-districts-desc">(.*?)</desc>', html, re.S).group(1)
    assert "Leipzig (Stadt)" in desc and "Görlitz" in desc
    assert not re.search(r"\b(TDO|MEI|BNA)\b", desc)


def test_the_report_names_its_operator(client, settings, published):
    settings.OPERATOR = {**settings.OPERATOR, "name": "Beratungsverein Sachsen e. V."}
    html = client.get("/de/statistics/2025/1/").content.decode()
    publisher = re.search(r'<p class="publisher">(.*?)</p>', html).group(1)
    assert publisher == "Herausgegeben von Beratungsverein Sachsen e. V."


def test_the_dashboard_shows_live_headlines_against_the_live_year_before(
    client, make_staff, year_of_reports, make_report
):
    for _ in range(3):
        make_report(created_on="2024-02-02", status=CaseStatus.DOCUMENTED)
    staff_login(client, make_staff(Role.STATISTICS, grant=False))
    html = client.get("/en/office/statistics/", {"year": 2025}).content.decode()
    found = _headlines(html)
    assert found[0] == "Reports counted in this report 30 +900.0 % against 2024 (3)"


def test_a_cached_report_page_reads_three_rows(
    client, published_two_years, django_assert_num_queries
):
    """This edition, the latest of its year and the latest of the year before (the key of
    the cached page); the headlines add the last one."""
    client.get(PAGE)
    with django_assert_num_queries(3):
        assert client.get(PAGE).status_code == 200


def test_the_month_axis_is_numbered_in_every_language(client, published):
    html = client.get("/ar/statistics/2025/1/").content.decode()
    svg = re.search(r'<svg [^>]*aria-labelledby="[a-z]+-months-title.*?</svg>', html, re.S).group(0)
    ticks = re.findall(r'text-anchor="middle" fill="#4a4a55">(\d+)</text>', svg)
    assert ticks == [str(month) for month in range(1, 13)]
