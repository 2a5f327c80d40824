"""One reporter's attachment, for staff who may see its case."""

import uuid

from reporting.models import Attachment, Case


def visible_attachment(user, attachment_id: uuid.UUID) -> Attachment | None:
    """The attachment if `user` may see its case (the case's rule); else None."""
    cases = Case.objects.visible_to(user)
    if cases.query.is_empty():
        return None
    return Attachment.objects.filter(case__in=cases, pk=attachment_id).first()
