"""Moving a test database along the migration graph (for tests of data migrations)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> MigrationExecutor:
    """Migrate to `targets` ([(app, migration)]); the executor, for the states between."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor
