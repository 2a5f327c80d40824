"""Messages between reporter and association."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.errors import ValidationFailed
from reporting.limits import MESSAGE_MAX
from reporting.models import Case, CaseEvent, Message, MessageAuthor
from reporting.selectors.keys import association_public_keys
from reporting.selectors.receipts import ReporterAccess

ERROR_MESSAGE_EMPTY = _("Please write a message.")
ERROR_MESSAGE_TOO_LONG = _("Please keep the message under %(limit)s characters.")


def reporter_message_send(*, access: ReporterAccess, body: str) -> Message:
    """The reporter adds a follow-up; sealed to the association and to the reporter."""
    body = body.strip()
    if not body:
        raise ValidationFailed(fields={"body": [str(ERROR_MESSAGE_EMPTY)]})
    if len(body) > MESSAGE_MAX:
        raise ValidationFailed(
            fields={"body": [str(ERROR_MESSAGE_TOO_LONG) % {"limit": MESSAGE_MAX}]}
        )
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .select_related("report")
            .get(report_id=access.report_id)
        )
        message = Message(case=case, author_side=MessageAuthor.REPORTER, created_at=timezone.now())
        message.body = seal(
            body.encode(),
            recipients=[*association_public_keys(), case.report.reporter_public],
            context=message.context(),
        )
        message.read_by_reporter = True
        message.save(force_insert=True)
        case.unread_for_staff = True
        case.save(update_fields=["unread_for_staff"])
        CaseEvent.objects.create(case=case, verb=CaseEvent.Verb.REPORTER_MESSAGE)
    return message
