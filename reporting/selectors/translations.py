"""Reads for translations: the interpreter's open requests, a case's translations, and
which cases nobody assigned can read."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from performance.compiled import compiled_query_by_key
from reporting.crypto import DecryptionError, PrivateKey, open_sealed
from reporting.models import Case, Message, MessageAuthor, StaffProfile
from reporting.models.translations import Translation, TranslationRequest
from reporting.selectors.times import to_the_minute
from reporting.vocabulary.errors import KeysLocked
from reporting.vocabulary.roles import Role


def open_requests_for(user) -> QuerySet[TranslationRequest]:
    """What an interpreter may open: the requests sent to them and not yet answered. A
    request that is someone else's or done is not there (a 404)."""
    return TranslationRequest.objects.filter(interpreter=user, completed_at__isnull=True)


def interpreters() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.INTERPRETER.value)
        .order_by("username")
    )


@dataclass(frozen=True)
class TranslationRow:
    message_id: str  # "" for the report itself
    language: str
    translator: str
    created_at: datetime
    body: str


# Read on every view of a case page: compiled once (performance/compiled.py).
@compiled_query_by_key(Translation)
def _translations_of_case(case_id: int) -> QuerySet:
    return Translation.objects.filter(case_id=case_id).values_list(
        "id", "message_id", "language", "translator__username", "created_at", "body"
    )


def translations_of_case(case: Case, keys: list[PrivateKey]) -> dict[str, list[TranslationRow]]:
    """A case's translations, by what they translate ("" for the report, else the
    message's id), opened with the association keys from the session."""
    rows: dict[str, list[TranslationRow]] = {}
    try:
        for pk, message_id, language, translator, created_at, body in _translations_of_case(
            case.pk
        ):
            context = Translation(pk=pk).context()
            text = open_sealed(bytes(body), keys=keys, context=context).decode()
            key = str(message_id or "")
            rows.setdefault(key, []).append(
                TranslationRow(key, language, translator or "", created_at, text)
            )
    except DecryptionError:
        raise KeysLocked from None
    return rows


REPORTER_MESSAGE_OF = _("The reporter's message of %(at)s")


def reporter_message_of_case(case: Case, message_id) -> Message | None:
    """A reporter's message of this (visible) case, or None."""
    return Message.objects.filter(
        case=case, pk=message_id, author_side=MessageAuthor.REPORTER
    ).first()


def text_choices(messages) -> list[tuple[str, str]]:
    """(id, label) choices of what to translate, from the reporter's (id, sent at)."""
    return [(str(pk), str(REPORTER_MESSAGE_OF) % {"at": to_the_minute(at)}) for pk, at in messages]


def reporter_message_texts(case: Case) -> list[tuple[str, str]]:
    """The reporter's messages of a case as choices of what to translate."""
    return text_choices(
        Message.objects.filter(case=case, author_side=MessageAuthor.REPORTER).values_list(
            "pk", "created_at"
        )
    )


def needs_translation_q() -> Q:
    """Cases whose report nobody assigned reads (the whole team when unassigned), with no
    translation of the report yet. Everyone is taken to read the office's language
    (settings.LANGUAGE_CODE). A handful of staff: their languages are read once and
    become literal conditions."""
    read_by: dict[int, set[str]] = {}
    for user_id, languages in StaffProfile.objects.filter(
        user__is_active=True, user__groups__name__in=[Role.CASEWORKER, Role.ADMINISTRATOR]
    ).values_list("user_id", "reads_languages"):
        read_by[user_id] = {settings.LANGUAGE_CODE, *(languages or [])}
    team = {settings.LANGUAGE_CODE}.union(*read_by.values())
    unread = Q(assignee__isnull=True) & ~Q(language__in=team)
    for user_id, languages in read_by.items():
        unread |= Q(assignee_id=user_id) & ~Q(language__in=languages)
    assigned_to_others = Q(assignee__isnull=False) & ~Q(assignee_id__in=read_by)
    report_translated = Exists(
        Translation.objects.filter(case=OuterRef("pk"), message__isnull=True)
    )
    return (unread | assigned_to_others) & ~report_translated
