"""Mail to staff that something arrived (django-tasks): who hears of what, the texts
without content, retries with back-off, and one queued mail per kind covering a flood.

Services call `notify_on_commit`; the scheduled jobs of reporting/tasks.py send their
mail with the same texts and addresses."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend, task
from django_tasks_db.backend import DatabaseBackend

from reporting.selectors.retention import INACTIVITY_NOTICE
from reporting.selectors.tasks import waiting_notification
from reporting.services.task_recovery import finished_tasks_forget
from reporting.vocabulary.roles import Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Deliberately without content, language, district or organisation: mail is not encrypted.
SUBJECTS = {
    "report": "Meldestelle: neue Meldung / new report",
    "reporter_message": "Meldestelle: neue Nachricht / new message",
    "referral_step": "Meldestelle: Rückmeldung zu einer Weitergabe / referral update",
    "referral_received": "Meldestelle: neue Weitergabe / new referral",
    "referral_withdrawn": "Meldestelle: Weitergabe zurückgezogen / referral withdrawn",
    "inactivity_warning": "Meldestelle: Fälle ohne Bearbeitung / cases without activity",
    "reminder": "Meldestelle: Frist oder Wiedervorlage / deadline or follow-up",
}
ARRIVED = "In der Meldestelle ist etwas Neues eingegangen. / Something new has arrived."
BODIES = {
    "inactivity_warning": (
        f"An einigen Fällen hat lange niemand gearbeitet: in {INACTIVITY_NOTICE.days} Tagen "
        "werden sie geschlossen und ihre Inhalte gelöscht (Audit-Protokoll: "
        "INACTIVITY_WARNED). Eine Statusänderung, Einschätzung, Notiz oder Nachricht hält "
        "einen Fall offen, bloßes Ansehen nicht. / Nobody has worked on some cases for a "
        f"long time: in {INACTIVITY_NOTICE.days} days they will be closed and their content "
        "destroyed (audit trail: INACTIVITY_WARNED). A status change, assessment, note or "
        "message keeps a case open; viewing it does not."
    ),
    "reminder": (
        "Eine Frist läuft bald ab oder eine Wiedervorlage ist fällig. / A deadline ends soon "
        "or a follow-up is due."
    ),
}
# A member organisation's caseworkers read no audit trail: they find their cases in
# their inbox.
OWN_CASE_BODIES = {
    "inactivity_warning": (
        "An einigen Fällen Ihrer Organisation hat lange niemand gearbeitet: in "
        f"{INACTIVITY_NOTICE.days} Tagen werden sie geschlossen und ihre Inhalte gelöscht. Im "
        "Posteingang, sortiert nach „Letzte Aktivität zuerst“, stehen sie am Ende. Eine "
        "Statusänderung, Einschätzung, Notiz oder Nachricht hält einen Fall offen, bloßes "
        "Ansehen nicht. / Nobody has worked on some of your organisation's cases for a long "
        f"time: in {INACTIVITY_NOTICE.days} days they will be closed and their content "
        "destroyed. In the inbox sorted by last activity first, they are at the end. A status "
        "change, assessment, note or message keeps a case open; viewing it does not."
    ),
}
# Who hears of what: association caseworkers, its administrators, or the partners of
# one organisation.
PARTNER_KINDS = {"referral_received", "referral_withdrawn"}
ADMINISTRATOR_KINDS = {"inactivity_warning"}
# With an organisation: about a member organisation's own case, for its member
# caseworkers only (issue 19; it has no administrators of its own here); without: the
# association's caseworkers (administrators for ADMINISTRATOR_KINDS).
OWN_CASE_KINDS = {"report", "reporter_message", "reminder", "inactivity_warning"}


def recipient_addresses(kind: str, organisation_id: int | None) -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if kind in PARTNER_KINDS:
        users = users.filter(groups__name=Role.PARTNER, staff__organisation_id=organisation_id)
    elif kind in OWN_CASE_KINDS and organisation_id is not None:
        users = users.filter(
            groups__name=Role.MEMBER_CASEWORKER, staff__organisation_id=organisation_id
        )
    else:
        role = Role.ADMINISTRATOR if kind in ADMINISTRATOR_KINDS else Role.CASEWORKER
        users = users.filter(groups__name=role, staff__organisation__kind="ASSOCIATION")
    return sorted(set(users.values_list("email", flat=True)))


def inbox_url(query: str = "") -> str:
    """The inbox in the office's language, whatever language the process last used."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse("office:inbox") + query


@task()
def notify_staff(kind: str, attempt: int = 1, organisation_id: int | None = None) -> int:
    """Tell staff that something arrived; retried with back-off if mail fails. The
    results of earlier notifications go first: their times are those of arrivals."""
    finished_tasks_forget()
    recipients = recipient_addresses(kind, organisation_id)
    if not recipients:
        return 0
    text = BODIES.get(kind, ARRIVED)
    if kind in OWN_CASE_KINDS and organisation_id is not None:
        text = OWN_CASE_BODIES.get(kind, text)
    body = f"{text}\n\n{inbox_url()}\n"
    try:
        return send_mail(SUBJECTS[kind], body, None, recipients)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("Notification failed %s times; giving up", attempt)
            raise
        delay = timedelta(minutes=2**attempt)
        logger.warning("Notification failed (attempt %s); retrying in %s", attempt, delay)
        retry = notify_staff
        if default_task_backend.supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(kind=kind, attempt=attempt + 1, organisation_id=organisation_id)
        return 0


def notify_on_commit(kind: str, organisation_id: int | None = None) -> None:
    """Schedule a notification for after the current transaction commits."""
    transaction.on_commit(lambda: _notify(kind, organisation_id), robust=True)


def _notify(kind: str, organisation_id: int | None) -> None:
    if not _already_waiting(kind, organisation_id):
        notify_staff.enqueue(kind=kind, organisation_id=organisation_id)


def _already_waiting(kind: str, organisation_id: int | None) -> bool:
    """The same notification is queued and no worker has taken it yet.

    It says only that something new arrived, so it covers this event too: a flood of
    reports sends staff one mail per pick-up of the worker, not one per report.
    """
    if not isinstance(notify_staff.get_backend(), DatabaseBackend):
        return False
    return waiting_notification(notify_staff.module_path, kind, organisation_id)
