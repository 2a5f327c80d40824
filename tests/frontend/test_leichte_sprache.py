"""Leichte Sprache (de-ls): the reporter's pages in easy German, read as German, linked
from every German page; each sentence at most 15 words (Netzwerk Leichte Sprache)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.factories import form_data

EASY = "de-ls"
MAX_WORDS = 15
LOCALE = Path(settings.BASE_DIR) / "locale"
NARRATIVE = "Der Busfahrer hat mich nicht einsteigen lassen."
# Where a sentence may end even without a full stop: every block of its own.
BLOCKS = {
    "address", "button", "dd", "div", "dt", "footer", "h1", "h2", "h3", "header",
    "label", "legend", "li", "nav", "option", "p", "section", "summary", "td", "th",
    "title", "br", "main", "form", "fieldset", "ul", "ol", "dl", "textarea", "select",
}  # fmt: skip
WORD = re.compile(r"\w")


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))


def translations(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


def too_long(text: str) -> list[str]:
    return [s for s in sentences(text) if len([w for w in s.split() if WORD.search(w)]) > MAX_WORDS]


class VisibleText(HTMLParser):
    """The text a person reads or hears, one line per block."""

    def __init__(self):
        super().__init__()
        self.lines, self.current, self.hidden = [], [], False

    def handle_starttag(self, tag, attrs):
        self.hidden = tag in {"script", "style"}
        if tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        self.hidden = False
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def visible_text(content: bytes) -> str:
    parser = VisibleText()
    parser.feed(content.decode())
    parser.flush()
    return "\n".join(parser.lines)


# (a) The catalogue. Entries that differ from standard German are the ones rewritten in
# Leichte Sprache; the rest carry the German wording (back office, legal text,
# statistics) and are checked where a reporter sees them, by the page tests below.


def rewritten_entries() -> list[tuple[str, str]]:
    german = {(e.msgctxt, e.msgid): translations(e) for e in catalogue("de")}
    return [
        (entry.msgid, text)
        for entry in catalogue(to_locale(EASY))
        for text in translations(entry)
        if text not in german[(entry.msgctxt, entry.msgid)]
    ]


def test_most_reporter_strings_are_rewritten():
    assert len(rewritten_entries()) > 150


@pytest.mark.parametrize("msgid,text", rewritten_entries(), ids=lambda value: value[:40])
def test_no_rewritten_sentence_is_longer_than_15_words(msgid, text):
    assert not too_long(text), f"{msgid!r}: {too_long(text)}"


def test_the_sentence_rule_counts_words_not_signs():
    assert too_long("Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf 13 14 15 16.")
    assert not too_long(
        "Eins zwei drei vier fünf sechs sieben acht. Neun zehn elf zwölf 13 14 15 16."
    )
    assert not too_long(
        "Eins – zwei · drei vier fünf sechs sieben acht neun zehn elf zwölf 13 14 15"
    )


# (b) Every reporter page, rendered.

ENGLISH = [
    entry.msgid
    for entry in catalogue(to_locale(EASY))
    if len(entry.msgid.split()) >= 3 and entry.msgid not in translations(entry)
]


def assert_easy_page(response) -> str:
    assert response.status_code in {200, 400, 404}
    assert response["Content-Language"] == "de"
    page = response.content.decode()
    assert re.search(r'<html lang="de" dir="ltr">', page), "read as German by screen readers"
    text = visible_text(response.content)
    assert not too_long(text), too_long(text)
    english = [msgid for msgid in ENGLISH if msgid in text]
    assert not english, english
    return text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/de-ls/", "/de-ls/report/", "/de-ls/receipt/", "/de-ls/help/", "/de-ls/privacy/"]
)
def test_the_public_pages_read_in_leichte_sprache(client, path):
    text = assert_easy_page(client.get(path))
    assert "Meldestelle Sachsen" in text


@pytest.mark.django_db
def test_help_for_a_district_reads_in_leichte_sprache(client):
    text = assert_easy_page(client.get("/de-ls/help/", {"district": "14713"}))
    assert "Hilfe-Telefone" in text


@pytest.mark.django_db
def test_form_errors_read_in_leichte_sprache(client):
    text = assert_easy_page(client.post("/de-ls/report/", {"narrative": ""}))
    assert "Bitte prüfen Sie diese Angaben:" in text


@pytest.mark.django_db
def test_a_missing_page_reads_in_leichte_sprache(client):
    response = client.get("/de-ls/nowhere/")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht." in assert_easy_page(response)


@pytest.mark.django_db
def test_a_wrong_code_reads_in_leichte_sprache(client):
    text = assert_easy_page(client.post("/de-ls/receipt/", {"code": "1234 5678 1234 5678"}))
    assert "Zu diesem Code finden wir keine Meldung." in text


@pytest.mark.django_db
def test_receipt_saved_and_status_read_in_leichte_sprache(client, association_keyring):
    data = form_data(narrative=NARRATIVE, contact_language=EASY, consent_contact="on")
    data["contact_email"] = "person@example.org"
    response = client.post("/de-ls/report/", data)
    assert "Schreiben Sie den Code jetzt auf." in assert_easy_page(response)
    code = "".join(response.context["code_groups"])
    token = response.context["confirm_form"].initial["token"]

    saved = client.post("/de-ls/report/saved/", {"token": token, "last_four": code[-4:]})
    assert "Danke. Sie haben Ihren Code." in assert_easy_page(saved)

    status = client.post("/de-ls/receipt/", {"code": code}, follow=True)
    text = assert_easy_page(status)
    assert "Ihre Meldung" in text
    assert "Eine Frist ist eine Zeit-Grenze." in text  # housing: the AGG deadline
    assert "E-Mail und Telefon-Nummer löschen" in text

    withdrawn = client.post(
        "/de-ls/receipt/withdraw-contact/", {"contact-confirm": "on"}, follow=True
    )
    assert "Wir haben Ihre E-Mail und Telefon-Nummer gelöscht." in assert_easy_page(withdrawn)


@pytest.mark.django_db
def test_the_privacy_summary_links_to_the_full_german_notice(client):
    page = client.get("/de-ls/privacy/").content.decode()
    assert "Das Wichtigste" in page
    assert '<a href="/de/privacy/" lang="de" hreflang="de">Datenschutzerklärung</a>' in page
    assert "Art. 15" not in page  # the legal detail stays in the full notice
    assert "Art. 15" in client.get("/de/privacy/").content.decode()


@pytest.mark.django_db
def test_the_back_office_is_standard_german(client):
    response = client.get("/de-ls/office/login/?next=/de-ls/office/")
    assert response.status_code == 302
    assert response["Location"] == "/de/office/login/?next=/de-ls/office/"
    assert client.get("/de-ls/office/statistics/")["Location"] == "/de/office/statistics/"


# (c) Reachable from every German page and the language chooser.

GERMAN_PAGES = [
    "/de/",
    "/de/report/",
    "/de/help/",
    "/de/privacy/",
    "/de/impressum/",
    "/de/receipt/",
    "/de/statistics/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", GERMAN_PAGES)
def test_every_german_page_links_to_its_leichte_sprache_version(client, path):
    page = client.get(path).content.decode()
    easy = path.replace("/de/", "/de-ls/", 1)
    # A link, or a submit button where the chooser is part of a form (issue 20).
    chooser = re.search(r'<(a|button)\b[^>]*\blang="de"[^>]*>Leichte Sprache</(a|button)>', page)
    assert chooser, "no Leichte Sprache in the language chooser"
    assert chooser[1] == "button" or f'href="{easy}"' in chooser[0]
    assert client.get(easy).status_code == 200


@pytest.mark.django_db
def test_the_landing_chooser_offers_leichte_sprache_in_every_language(client):
    for code, _name in settings.LANGUAGES:
        page = client.get(f"/{code}/").content.decode()
        assert page.count('<a href="/de-ls/" lang="de"') == 2  # header and language grid


# Search engines: indexable, but outside the hreflang set (docs/decisions.md).


@pytest.mark.django_db
def test_leichte_sprache_pages_are_indexable_without_alternates(client, settings):
    settings.SITE_URL = "https://meldestelle.example/"
    response = client.get("/de-ls/help/")
    page = response.content.decode()
    assert "X-Robots-Tag" not in response
    assert '<link rel="canonical" href="https://meldestelle.example/de-ls/help/">' in page
    assert 'rel="alternate"' not in page
    german = client.get("/de/help/").content.decode()
    assert "/de-ls/" not in "".join(re.findall(r'<link rel="alternate"[^>]*>', german))


# The operator marks languages as reviewed.


@pytest.mark.django_db
def test_unreviewed_languages_say_so(client, settings):
    settings.REVIEWED_LANGUAGES = ["en", "de"]
    note = "Eine Prüf-Gruppe liest die Texte noch."
    assert note in client.get("/de-ls/help/").content.decode()
    assert 'class="unreviewed"' in client.get("/ar/help/").content.decode()
    assert 'class="unreviewed"' not in client.get("/de/help/").content.decode()
    settings.REVIEWED_LANGUAGES = ["en", "de", EASY]
    assert note not in client.get("/de-ls/help/").content.decode()


def test_the_language_is_named_in_every_language():
    """Statistics and the back office name a report's language with Django's LANG_INFO."""
    from django.utils import translation

    from reporting.statistics.labels import code_label

    with translation.override("de"):
        assert code_label("language", EASY) == "Leichte Sprache"
    with translation.override("en"):
        assert code_label("language", EASY) == "German (easy language)"
