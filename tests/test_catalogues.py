"""Every shipped language is complete, keeps its placeholders and is compiled."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(language: str) -> polib.POFile:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {language}"
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(language)
    assert len(po) > 100
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"{language}: untranslated {missing[:5]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:5]}"
    assert po.metadata.get("Language") == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    for entry in catalogue(language):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == expected, (
                f"{language}: {entry.msgid!r} -> {translation!r}"
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{language}: run `make messages`"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in catalogue(language) if e.translated()}
    assert compiled == source, f"{language}: django.mo is stale, run `make messages`"


def test_every_right_to_left_language_is_marked_bidi():
    from django.utils.translation import get_language_info

    assert {code for code in LANGUAGES if get_language_info(code)["bidi"]} == {"ar", "fa", "ckb"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_status_verb_and_role_label_is_translated(language):
    """Labels the back office shows from code; a plain string literal is never extracted."""
    from django.utils import translation
    from django.utils.functional import Promise

    from reporting.models import AuditEvent, CaseStatus, Referral
    from reporting.models.cases import REPORTER_STATUS_LABELS
    from reporting.vocabulary.roles import Role

    labels = [
        *CaseStatus.labels,
        *REPORTER_STATUS_LABELS.values(),
        *AuditEvent.Verb.labels,
        *Role.labels,
        *Referral.Status.labels,
    ]
    assert all(isinstance(label, Promise) for label in labels), "a label bypasses gettext"
    with translation.override(None):
        msgids = {str(label) for label in labels}
    translated = {entry.msgid for entry in catalogue(language) if entry.translated()}
    assert not msgids - translated, f"{language}: untranslated {sorted(msgids - translated)}"
