"""Findable: the pages that explain the service may be indexed, with a description and
their versions in every language; the form, the receipt and what follows may not."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from frontend.languages import hreflang
from frontend.public import receipt_token
from performance import page_cache
from tests.factories import form_data
from tests.statistics_fixtures import *  # noqa: F403 - make_report, published, ...

pytestmark = pytest.mark.django_db

SITE = "https://meldestelle.example"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Leichte Sprache is indexed but stays out of the alternates (docs/decisions.md).
ALTERNATES = [code for code in LANGUAGES if hreflang(code)]
INDEXABLE = ["/de/", "/ar/", "/uk/privacy/", "/de/impressum/", "/fa/statistics/", "/ar/help/"]
NOT_INDEXABLE = ["/de/report/", "/ar/receipt/", "/de/receipt/status/", "/de/nowhere/"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = f"{SITE}/"
    page_cache._pages.clear()
    yield
    page_cache._pages.clear()


def alternates(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


@pytest.mark.parametrize("url", INDEXABLE)
def test_explaining_pages_are_indexable_with_description_and_alternates(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response
    page = response.content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert description and len(description[1]) > 50
    assert f'<link rel="canonical" href="{SITE}{url}">' in page
    found = alternates(page)
    rest = url.split("/", 2)[2]
    assert found == {
        **{code: f"{SITE}/{code}/{rest}" for code in ALTERNATES},
        "x-default": f"{SITE}/de/{rest}",
    }


def test_the_description_is_in_the_page_language(client):
    german = client.get("/de/").content.decode()
    assert 'content="Diskriminierung in Sachsen anonym' in german


def test_published_statistics_are_indexable(client, published):
    response = client.get(f"/de/statistics/{published.year}/{published.edition}/")
    assert "X-Robots-Tag" not in response
    assert str(published.year) in alternates(response.content.decode())["ar"]


@pytest.mark.parametrize("url", NOT_INDEXABLE)
def test_form_receipt_and_status_stay_out_of_search_engines(client, url):
    response = client.get(url)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert 'name="description"' not in page and 'rel="alternate"' not in page


def test_form_results_receipt_and_saved_page_stay_out(client, association_keyring):
    answers = [
        client.post("/de/report/", form_data(narrative="kurz")),
        client.post("/de/report/", form_data()),
        client.post(
            "/de/report/saved/",
            {
                "token": receipt_token.seal_receipt(receipt_token.Receipt("1234567812345678")),
                "last_four": "5678",
            },
        ),
        client.post("/de/receipt/", {"code": "0000"}),
    ]
    for response in answers:
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_staff_pages_stay_out(client):
    for url in ("/de/office/login/", "/admin/login/", "/api/v1/public/taxonomy/"):
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow"


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /api/", "Disallow: /*/office/"} <= set(lines)
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /de") for line in lines)


def test_the_sitemap_lists_every_indexable_page_in_every_language(client, published):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    locations = [url.find(f"{SITEMAP}loc").text for url in root]
    paths = ["", "help/", "impressum/", "privacy/", "statistics/"]
    paths.append(f"statistics/{published.year}/1/")
    assert sorted(locations) == sorted(
        f"{SITE}/{code}/{path}" for path in paths for code in LANGUAGES
    )
    for url in root:
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        location = url.find(f"{SITEMAP}loc").text
        if location.startswith(f"{SITE}/de-ls/"):
            assert links == {}
            continue
        assert set(links) == {*ALTERNATES, "x-default"}
        assert location in links.values()


def test_every_sitemap_page_answers_and_is_indexable(client, published):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    for url in root:
        path = url.find(f"{SITEMAP}loc").text.removeprefix(SITE)
        response = client.get(path)
        assert response.status_code == 200, path
        assert "X-Robots-Tag" not in response, path


def test_the_favicon_is_served_from_this_site(client):
    page = client.get("/ar/").content.decode()
    assert '<link rel="icon" href="/static/frontend/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/frontend/favicon.svg").status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/frontend/favicon.svg"
