"""Django's PostgreSQL backend, with bulk batches that fit server-side binding.

Parameters bound on the server are limited to 65,535 per statement, and Django's backend
puts every object of a bulk_create, or every key of a cascading delete, into one
statement (it splits batches only for SQLite and Oracle).
"""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.settings_dict["OPTIONS"].get("server_side_binding") is not True:
            return super().bulk_batch_size(fields, objs)
        return max(1, MAX_PARAMETERS // max(1, len(fields)))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
