"""Impressum (§ 5 DDG) and privacy notice (GDPR Art. 13): filled from the operator's
configuration, in every language, linked from every public page."""

import re

import pytest
from django.conf import settings

from frontend.public.views import SUMMARY_ONLY_LANGUAGES
from tests.factories import form_data

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Leichte Sprache summarises the notice and links to it (tests/frontend/test_leichte_sprache.py).
FULL_NOTICE = [code for code in LANGUAGES if code not in SUMMARY_ONLY_LANGUAGES]


def text_of(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_impressum_names_the_operator_in_every_language(client, language):
    response = client.get(f"/{language}/impressum/")
    assert response.status_code == 200
    page = text_of(response)
    operator = settings.OPERATOR
    for key in ("name", "address", "email", "phone", "representative", "register"):
        assert operator[key] in page, key
    assert "§ 5" in page and "DDG" in page


def test_the_impressum_leaves_out_what_is_not_configured(client, settings):
    settings.OPERATOR = {**settings.OPERATOR, "content_responsible": "", "register": ""}
    page = client.get("/en/impressum/").content.decode()
    assert "MStV" not in page and "Register entry" not in page
    settings.OPERATOR = {**settings.OPERATOR, "content_responsible": "Erika Mustermann (fiktiv)"}
    page = client.get("/en/impressum/").content.decode()
    assert "MStV" in page and "Erika Mustermann (fiktiv)" in page


@pytest.mark.parametrize("language", FULL_NOTICE)
def test_the_privacy_notice_covers_article_13_in_every_language(client, language):
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200
    page = text_of(response)
    operator = settings.OPERATOR
    for key in ("name", "address", "dpo", "dpo_email", "supervisory_authority"):
        assert operator[key] in page, key
    # Sections: controller, DPO, purposes, legal bases, recipients, successor, retention,
    # rights, complaint.
    for anchor in (
        "controller", "dpo", "purposes", "legal-bases", "recipients", "successor",
        "retention", "rights", "complaint",
    ):  # fmt: skip
        assert f'id="{anchor}"' in response.content.decode(), anchor
    for article in ("9", "13", "15", "17", "77"):
        assert re.search(rf"\b{article}\b", page), article
    assert str(settings.RETENTION_CLOSED_CASE_DAYS) in page


def test_the_privacy_notice_states_the_configured_retention_and_session(client, settings):
    settings.RETENTION_CLOSED_CASE_DAYS = 400
    settings.SESSION_COOKIE_AGE = 20 * 60
    page = text_of(client.get("/de/privacy/"))
    assert "400 Tage nach Abschluss" in page
    assert "nach 20 Minuten ohne Aktivität" in page
    assert "Art. 9 Abs. 2 lit. a DSGVO" in page


def test_the_supervisory_authority_link_sends_no_referrer(client):
    page = client.get("/de/privacy/").content.decode()
    url = settings.OPERATOR["supervisory_authority_url"]
    assert f'<a href="{url}" rel="noreferrer">' in page


FOOTER_PAGES = [
    "/de/",
    "/ar/report/",
    "/de/receipt/",
    "/uk/privacy/",
    "/de/impressum/",
    "/de/statistics/",
    "/de/does-not-exist/",
]


@pytest.mark.parametrize("url", FOOTER_PAGES)
def test_every_public_page_links_the_legal_pages(client, url):
    language = url.split("/")[1]
    page = client.get(url).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="/{language}/impressum/"' in footer
    assert f'href="/{language}/privacy/"' in footer


def test_the_receipt_page_opens_the_legal_pages_in_a_new_tab(client, association_keyring):
    """The code is shown only once: following a footer link must not lose it."""
    page = client.post("/de/report/", form_data()).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    for path in ("/de/impressum/", "/de/privacy/"):
        assert f'<a href="{path}" target="_blank" rel="noopener">' in footer
    assert 'href="/de/receipt/"' not in footer  # no other way off the page


def test_the_code_saved_page_says_when_we_answer(client, settings):
    from frontend.public import receipt_token

    settings.RESPONSE_DAYS = 3
    code = "1234567812345678"
    response = client.post(
        "/de/report/saved/",
        {"token": receipt_token.seal_receipt(receipt_token.Receipt(code)), "last_four": "5678"},
    )
    assert "innerhalb von 3 Werktagen" in text_of(response)
