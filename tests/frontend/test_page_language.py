"""Every public page speaks only its own language: Django's built-in strings (validation
messages, month names, pagination…) fall back to German where Django ships no catalogue
(Pashto, Kurdish), and an untranslated project string shows English.

A word leaks when the German or the English rendering of the same page has it but not
both (words both share are names, codes and what the reporter typed) and the language's
own catalogue never uses it."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from performance import page_cache
from reporting.vocabulary import limits
from tests.factories import form_data
from tests.statistics_fixtures import (  # noqa: F401
    make_report,
    published,
    statistics_user,
    year_of_reports,
)

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
WORD = re.compile(r"[^\W\d_]{2,}")
# Text a person reads that is not an element's content.
READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
OTHER_LANGUAGES = [code for code in LANGUAGES if code not in {"de", "en"}]
BAD_FORMS = {
    "empty": {"contact_email": "no-address", "contact_phone": "call me"},
    "short": form_data(narrative="Bus", incident_month="13", incident_date="31.02.2026"),
    "long": form_data(
        narrative="x" * (limits.NARRATIVE_MAX + 1),
        place_detail="x" * (limits.PLACE_DETAIL_MAX + 1),
        contact_phone="1" * (limits.PHONE_MAX + 1),
        grounds=["NO_SUCH_GROUND"],
    ),
}


class VisibleText(HTMLParser):
    """Text nodes and read attributes, leaving out script, style and everything marked
    as another language (the language chooser names each language in itself)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # per open element: whether its text is skipped
        self.parts: list[str] = []

    def skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = (
            self.skipped()
            or tag in {"script", "style"}
            or (lang is not None and lang != self.language)
        )
        if not skip:
            self.parts.extend(v for k, v in attrs.items() if k in READ_ATTRIBUTES and v)
            if tag == "meta" and attrs.get("name") == "description":
                self.parts.append(attrs.get("content") or "")
            if tag == "input" and attrs.get("type") in {"submit", "button"}:
                self.parts.append(attrs.get("value") or "")
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipped():
            self.parts.append(data)


def words(html: str, language: str) -> set[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return set(WORD.findall(" ".join(parser.parts)))


@cache
def catalogue_words(language: str) -> frozenset[str]:
    """Words the language's own catalogues use: the project's and, where Django ships one
    (for a regional code, its base language's), Django's."""
    locale = to_locale(language)
    paths = [Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"]
    django_locale = Path(django.__file__).parent / "conf" / "locale"
    paths += [
        path
        for code in (locale, locale.split("_")[0])
        if (path := django_locale / code / "LC_MESSAGES" / "django.po").exists()
    ][:1]
    text = " ".join(
        " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for path in paths
        for entry in polib.pofile(str(path))
    )
    return frozenset(WORD.findall(text))


def leaked(render, language: str) -> list[str]:
    german, english = words(render("de"), "de"), words(render("en"), "en")
    foreign = german ^ english
    own = catalogue_words(language)
    # Charts shorten long labels: a leading part of the language's own word is its own too.
    return sorted(
        word
        for word in words(render(language), language) & foreign
        if not any(known.startswith(word) for known in own)
    )


def _rendered(send, status=200):
    """The page `send(language)` answers, in any language."""

    def render(language):
        page_cache._pages.clear()
        response = send(language)
        assert response.status_code == status, language
        return response.content.decode()

    return render


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/", "/help/", "/report/", "/privacy/", "/impressum/", "/statistics/"]
)
def test_a_page_shows_no_german_or_english_word(client, language, path):
    assert not leaked(_rendered(lambda code: client.get(f"/{code}{path}")), language)


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_published_statistics_show_no_german_or_english_word(client, language):
    render = _rendered(lambda code: client.get(f"/{code}/statistics/2025/1/"))
    assert not leaked(render, language)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("data", BAD_FORMS.values(), ids=BAD_FORMS.keys())
def test_form_errors_show_no_german_or_english_word(client, language, data):
    render = _rendered(lambda code: client.post(f"/{code}/report/", data), status=400)
    assert not leaked(render, language)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("typed", ["1111 2222 3333 444", ""])
def test_a_wrong_receipt_code_shows_no_german_or_english_word(client, language, typed):
    render = _rendered(lambda code: client.post(f"/{code}/receipt/", {"code": typed}), 400)
    assert not leaked(render, language)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_receipt_page_shows_no_german_or_english_word(client, association_keyring, language):
    render = _rendered(lambda code: client.post(f"/{code}/report/", form_data(areas=["WORK"])))
    assert not leaked(render, language)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize(
    ("action", "data", "status"),
    [
        ("status/", None, 200),
        ("status/", {"body": ""}, 400),
        ("withdraw-contact/", {}, 400),
    ],
    ids=["status", "empty-message", "withdraw-unticked"],
)
def test_the_status_page_shows_no_german_or_english_word(
    client, association_keyring, language, action, data, status
):
    report = form_data(areas=["WORK"], contact_email="a@example.org", consent_contact="on")
    code = "".join(client.post("/de/report/", report).context["code_groups"])

    def send(lang):
        assert client.post(f"/{lang}/receipt/", {"code": code}).status_code == 302
        url = f"/{lang}/receipt/{action}"
        return client.get(url) if data is None else client.post(url, data)

    assert not leaked(_rendered(send, status), language)
