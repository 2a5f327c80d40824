"""Translations of a case's texts, by a caseworker or by an interpreter.

An interpreter sees only the text a caseworker sent them: it is sealed to their own
key (not the association's, which they never hold), and wiped when they save the
translation. Translations are sealed to the association only, like internal notes.
"""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import DecryptionError, PrivateKey, open_sealed, seal
from reporting.models import AuditEvent, Case, Message, UserKey
from reporting.models.translations import Translation, TranslationRequest
from reporting.permissions import can_translate
from reporting.selectors.keys import case_recipients
from reporting.services.messages import message_body_checked
from reporting.vocabulary.errors import KeysLocked, NotForOwnCases, ValidationFailed

ERROR_NOT_AN_INTERPRETER = _("Please choose an interpreter.")
ERROR_INTERPRETER_HAS_NO_KEY = _(
    "This interpreter has not signed in yet, so nothing can be sealed to them. "
    "Please ask them to sign in once."
)


def _source_text(*, case: Case, message: Message | None, keys: list[PrivateKey]) -> str:
    try:
        if message is None:
            report = case.report
            content = open_sealed(
                bytes(report.content), keys=keys, context=report.context("content")
            )
            return json.loads(content)["narrative"]
        return open_sealed(bytes(message.body), keys=keys, context=message.context()).decode()
    except DecryptionError:
        raise KeysLocked from None


def translation_request(
    *, case: Case, message: Message | None, interpreter, actor, keys: list[PrivateKey]
) -> TranslationRequest:
    """Send the report's narrative (or one reporter message) to an interpreter: sealed to
    their own key only, nothing else of the case goes with it. A member organisation's
    own case goes to no interpreter outside that organisation."""
    if case.member_organisation_id is not None and (
        getattr(getattr(interpreter, "staff", None), "organisation_id", None)
        != case.member_organisation_id
    ):
        raise NotForOwnCases
    if not can_translate(interpreter):
        raise ValidationFailed(fields={"interpreter": [str(ERROR_NOT_AN_INTERPRETER)]})
    own_key = UserKey.objects.filter(user=interpreter).first()
    if own_key is None:
        raise ValidationFailed(fields={"interpreter": [str(ERROR_INTERPRETER_HAS_NO_KEY)]})
    text = _source_text(case=case, message=message, keys=keys)
    with transaction.atomic():
        request = TranslationRequest(
            case=case,
            message=message,
            interpreter=interpreter,
            requested_by=actor,
            language=case.language,
            created_at=timezone.now(),
        )
        request.text = seal(text.encode(), recipients=[own_key.public], context=request.context())
        request.save(force_insert=True)
        AuditEvent.objects.create(
            case=case, actor=actor, subject=interpreter, verb=AuditEvent.Verb.TRANSLATION_REQUESTED
        )
    return request


def translation_request_open(
    *, request: TranslationRequest, own_key: PrivateKey | None, actor
) -> str:
    """The text for the interpreter it was sent to; audited on every opening."""
    if own_key is None:
        raise KeysLocked
    try:
        text = open_sealed(bytes(request.text), keys=own_key, context=request.context())
    except DecryptionError:
        raise KeysLocked from None
    AuditEvent.objects.create(case=request.case, actor=actor, verb=AuditEvent.Verb.TRANSLATION_READ)
    return text.decode()


def translation_add(
    *,
    case: Case,
    message: Message | None,
    body: str,
    language: str,
    actor,
    request: TranslationRequest | None = None,
) -> Translation:
    """A translation beside the report or a message, sealed to the association. Saving
    an interpreter's request ends their access: the text sent to them is wiped."""
    body = message_body_checked(body)
    with transaction.atomic():
        translation = Translation(
            case=case,
            message=message,
            translator=actor,
            language=language,
            created_at=timezone.now(),
        )
        translation.body = seal(
            body.encode(), recipients=case_recipients(case), context=translation.context()
        )
        translation.save(force_insert=True)
        if request is not None:
            TranslationRequest.objects.filter(pk=request.pk).update(
                text=b"", completed_at=translation.created_at
            )
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.TRANSLATION_ADDED)
    return translation
