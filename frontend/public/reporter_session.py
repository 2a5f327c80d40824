"""The reporter's session after a receipt login: report id and sealed private key."""

import uuid

from reporting.crypto import PrivateKey
from reporting.selectors.receipts import ReporterAccess
from web import keysession

_KEY_NAME = "reporter_key"
_REPORT = "reporter_report"


def start_reporter_session(request, response, access: ReporterAccess) -> None:
    # A fresh session id at every login: no session fixation.
    request.session.flush()
    request.session[_REPORT] = str(access.report_id)
    keysession.begin(request, response)
    keysession.store(request, response, _KEY_NAME, access.private_key.raw)


def reporter_access(request) -> ReporterAccess | None:
    report_id = request.session.get(_REPORT)
    raw = keysession.load(request, _KEY_NAME)
    if not report_id or raw is None:
        return None
    return ReporterAccess(report_id=uuid.UUID(report_id), private_key=PrivateKey(raw))


def keep_reporter_session_alive(request) -> None:
    """Saved again, the session expires SESSION_COOKIE_AGE after the reporter's last
    page, not after their login: writing a long follow-up must not end it."""
    request.session.modified = True


def end_reporter_session(request, response) -> None:
    keysession.destroy(request, response)
