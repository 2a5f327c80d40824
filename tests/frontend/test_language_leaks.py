"""No German or English word shows on a public page in another language.

Django ships no catalogue for some public languages (Kurmanji): its form errors, month names
and date formats fall back to German there unless our catalogue carries them
(reporting/vocabulary/django_strings.py, config/formats/). Every public page is rendered in
every language but German and English, and each word of it that is German or English (the
source and German texts of our catalogue and of Django's) must be a word of that language's
own catalogue, a language name, or the operator's configured data.
"""

import html
import pathlib
import re

import django
import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.factories import form_data
from tests.statistics_fixtures import (  # noqa: F401 - fixtures
    make_report,
    published,
    statistics_user,
    year_of_reports,
)

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[^\W\d_]{3,}")
HIDDEN = re.compile(r"(?is)<(script|style)\b.*?</\1>|<textarea\b.*?</textarea>")
READ_ALOUD = re.compile(r'(?:title|alt|aria-label|placeholder)="([^"]*)"')
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
DJANGO_LOCALE = pathlib.Path(django.__file__).parent / "conf" / "locale"
OTHER_LANGUAGES = [
    code for code, _name in settings.LANGUAGES if code.split("-")[0] not in {"de", "en"}
]


def _words(texts) -> set[str]:
    return {word.lower() for text in texts for word in WORD.findall(text)}


def _translations(path: pathlib.Path, *, sources: bool = False) -> list[str]:
    if not path.exists():
        return []
    catalogue = polib.mofile(str(path)) if path.suffix == ".mo" else polib.pofile(str(path))
    texts = []
    for entry in catalogue:
        texts += [entry.msgstr, *entry.msgstr_plural.values()]
        if sources:
            texts += [entry.msgid, entry.msgid_plural]
    return texts


def _catalogues(language: str, *, sources: bool = False) -> list[str]:
    """The project's catalogue of `language` and Django's (for a regional code without
    its own, the base language's, as Django falls back: fa-af reads Django's fa)."""
    locale = to_locale(language)
    django_locale = locale if (DJANGO_LOCALE / locale).is_dir() else locale.split("_")[0]
    return [
        *_translations(settings.BASE_DIR / "locale" / locale / "LC_MESSAGES" / "django.po"),
        *_translations(
            DJANGO_LOCALE / django_locale / "LC_MESSAGES" / "django.mo", sources=sources
        ),
    ]


FOREIGN = _words(_catalogues("de", sources=True)) | _words(
    entry.msgid
    for entry in polib.pofile(str(settings.BASE_DIR / "locale/de/LC_MESSAGES/django.po"))
)
DATA = _words([name for _code, name in settings.LANGUAGES]) | _words(
    str(value) for value in settings.OPERATOR.values()
)


def visible_text(content: bytes) -> str:
    page = HIDDEN.sub(" ", content.decode())
    said = READ_ALOUD.findall(page) + DESCRIPTION.findall(page)
    return html.unescape(" ".join([TAG.sub(" ", page), *said]))


def public_pages(client, language):
    """(name, response) of every public page, with errors where a page can show them."""
    yield "landing", client.get(f"/{language}/")
    for path in ("help/", "privacy/", "impressum/", "report/", "receipt/", "statistics/"):
        yield path, client.get(f"/{language}/{path}")
    yield "statistics/2025/", client.get(f"/{language}/statistics/2025/", follow=True)
    errors = {
        "narrative": "123",
        "incident_month": "13",
        "incident_date": "2026-13-45",
        "grounds": ["999"],
        "contact_email": "x",
    }
    yield "form with errors", client.post(f"/{language}/report/", errors)
    yield "wrong code", client.post(f"/{language}/receipt/", {"code": "1234567812345678"})
    receipt = client.post(
        f"/{language}/report/",
        form_data(narrative="1234567890 " * 4, contact_language=language),
    )
    yield "receipt", receipt
    code = "".join(receipt.context["code_groups"])
    yield "status", client.post(f"/{language}/receipt/", {"code": code}, follow=True)


@pytest.mark.usefixtures("association_keyring", "published")
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_german_or_english_word_on_a_public_page(client, language, request):
    edition = request.getfixturevalue("published")  # the board's foreword is its own text
    own = _words(_catalogues(language)) | DATA | _words([edition.foreword, edition.methodology])
    leaks = {}
    for name, response in public_pages(client, language):
        assert response.status_code in (200, 400), name
        assert f'<html lang="{language}"' in response.content.decode(), name
        foreign = (_words([visible_text(response.content)]) & FOREIGN) - own
        if foreign:
            leaks[name] = sorted(foreign)
    assert not leaks, f"{language}: {leaks}"
