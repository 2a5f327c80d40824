"""Messages between reporter and association."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.models import AuditEvent, Case, Message, MessageAuthor
from reporting.models.cases import MESSAGE_COUNTS
from reporting.notifications import notify_on_commit
from reporting.selectors.keys import case_recipients
from reporting.selectors.receipts import ReporterAccess
from reporting.services.attachments import PreparedAttachment, attachments_store
from reporting.services.work_counts import work_count_add
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.limits import MESSAGE_MAX

ERROR_MESSAGE_EMPTY = _("Please write a message.")
ERROR_MESSAGE_TOO_LONG = _("Please keep the message under %(limit)s characters.")


def message_body_checked(body: str) -> str:
    """A message or note as it is stored: stripped, not empty, not too long."""
    body = body.strip()
    if not body:
        raise ValidationFailed(fields={"body": [str(ERROR_MESSAGE_EMPTY)]})
    if len(body) > MESSAGE_MAX:
        raise ValidationFailed(
            fields={"body": [str(ERROR_MESSAGE_TOO_LONG) % {"limit": MESSAGE_MAX}]}
        )
    return body


def reporter_message_send(
    *, access: ReporterAccess, body: str, attachments: Sequence[PreparedAttachment] = ()
) -> Message:
    """The reporter adds a follow-up; sealed to the association and to the reporter."""
    body = message_body_checked(body)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .select_related("report")
            .get(report_id=access.report_id)
        )
        message = Message(case=case, author_side=MessageAuthor.REPORTER, created_at=timezone.now())
        readers = [*case_recipients(case), case.report.reporter_public]
        message.body = seal(body.encode(), recipients=readers, context=message.context())
        message.read_by_reporter = True
        message.save(force_insert=True)
        work_count_add(case_id=case.pk, column=MESSAGE_COUNTS[MessageAuthor.REPORTER])
        attachments_store(
            case=case, prepared=list(attachments), recipients=readers, message=message
        )
        case.unread_for_staff = True
        case.save(update_fields=["unread_for_staff"])
        AuditEvent.objects.create(case=case, verb=AuditEvent.Verb.REPORTER_MESSAGE)
        notify_on_commit("reporter_message", organisation_id=case.member_organisation_id)
    return message
