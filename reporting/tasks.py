"""Background work (django-tasks; `manage.py db_worker` runs it in production)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from reporting.permissions import Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Deliberately without content, language or district: a mailbox is not encrypted.
SUBJECTS = {
    "report": "Meldestelle: neue Meldung / new report",
    "reporter_message": "Meldestelle: neue Nachricht / new message",
}


def caseworker_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.CASEWORKER,
            staff__organisation__kind="ASSOCIATION",
        )
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


@task()
def notify_caseworkers(kind: str, attempt: int = 1) -> int:
    """Tell caseworkers that something arrived; retried with back-off if mail fails."""
    recipients = caseworker_addresses()
    if not recipients:
        return 0
    inbox = settings.SITE_URL.rstrip("/") + reverse("office:inbox")
    body = (
        f"In der Meldestelle ist etwas Neues eingegangen. / Something new has arrived.\n\n{inbox}\n"
    )
    try:
        return send_mail(SUBJECTS[kind], body, None, recipients)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("Notification failed %s times; giving up", attempt)
            raise
        delay = timedelta(minutes=2**attempt)
        logger.warning("Notification failed (attempt %s); retrying in %s", attempt, delay)
        retry = notify_caseworkers
        if default_task_backend.supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(kind=kind, attempt=attempt + 1)
        return 0
