"""A member organisation keeps its own directory entry: capacity, hours, contacts."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from reporting.models import AuditEvent, Organisation
from reporting.models.organisations import CONTACT_PERSONS_MAX, OPENING_HOURS_MAX
from reporting.vocabulary.errors import ValidationFailed

ERROR_TOO_LONG = _("Please keep the text under %(limit)s characters.")


def organisation_entry_update(
    *,
    organisation: Organisation,
    actor,
    is_paused: bool,
    opening_hours: str,
    contact_persons: str,
) -> Organisation:
    """Set the pause switch, opening hours and contact persons; audited without content."""
    fields = {"opening_hours": opening_hours.strip(), "contact_persons": contact_persons.strip()}
    limits = {"opening_hours": OPENING_HOURS_MAX, "contact_persons": CONTACT_PERSONS_MAX}
    errors = {
        name: [str(ERROR_TOO_LONG) % {"limit": limits[name]}]
        for name, text in fields.items()
        if len(text) > limits[name]
    }
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(is_paused=is_paused, **fields)
        AuditEvent.objects.create(actor=actor, verb=AuditEvent.Verb.ORGANISATION_UPDATED)
    organisation.refresh_from_db()
    return organisation


def organisation_save_by_administrator(*, organisation: Organisation, actor) -> Organisation:
    """An administrator adds or changes a directory entry in the admin: saved with an
    audit row naming who and which organisation, nothing of what changed."""
    with transaction.atomic():
        organisation.save()
        AuditEvent.objects.create(
            actor=actor, verb=AuditEvent.Verb.ORGANISATION_CHANGED, organisation=organisation
        )
    return organisation


def organisation_delete_by_administrator(*, organisation: Organisation, actor) -> None:
    """An administrator deletes a directory entry in the admin; the audit row keeps who
    (the organisation it names is gone with it)."""
    with transaction.atomic():
        AuditEvent.objects.create(
            actor=actor, verb=AuditEvent.Verb.ORGANISATION_DELETED, organisation=organisation
        )
        organisation.delete()
