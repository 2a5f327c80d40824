"""Django's PostgreSQL backend, with two changes.

- Bulk batches that fit server-side binding: parameters bound on the server are limited
  to 65,535 per statement, and Django's backend puts every object of a bulk_create, or
  every key of a cascading delete, into one statement (it splits batches only for
  SQLite and Oracle).
- A health check without a round trip (`is_usable`).
"""

import select

from django.db.backends.postgresql import base, operations
from psycopg import pq

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.settings_dict["OPTIONS"].get("server_side_binding") is not True:
            return super().bulk_batch_size(fields, objs)
        return max(1, MAX_PARAMETERS // max(1, len(fields)))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def is_usable(self) -> bool:
        """Whether the server still holds this connection, without asking it.

        Django's check (CONN_HEALTH_CHECKS) sends `SELECT 1` before the first query of
        every request: a round trip, with CPU spent between worker and database on
        every page. Between requests a kept connection is idle, and the server sends
        nothing unasked; when it goes (restart, `pg_terminate_backend`, its process
        killed) it writes a FATAL message and closes, or the kernel closes for it, and
        the socket turns readable. So a readable socket counts as gone: a false alarm
        costs one reconnect.
        """
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status not in (
            pq.TransactionStatus.IDLE,
            pq.TransactionStatus.INTRANS,
        ):
            return False
        poll = select.poll()
        poll.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poll.poll(0)
