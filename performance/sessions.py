"""Django's database sessions, with the session read by SQL compiled once per process.

Every back-office request reads its session; building that query with the ORM each
time cost several times the query itself (README.md, compiled.py).
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from performance.compiled import compiled_instances_by_key


@compiled_instances_by_key(Session)
def _session(session_key: str):
    return Session.objects.filter(session_key=session_key)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = _session(self.session_key) if self.session_key else []
        # Expiry is compared here, against the application's clock as Django's own store does.
        if found and found[0].expire_date > timezone.now():
            return found[0]
        if found:  # expired: its sealed keys go now, not at the next sweep (retention_daily)
            Session.objects.filter(session_key=self.session_key).delete()
        self._session_key = None
        return None
