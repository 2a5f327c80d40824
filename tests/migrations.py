"""Moving a test database along the migration graph (for tests of data migrations)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> MigrationExecutor:
    """Migrate to `targets` ([(app, migration)]); the executor, for the states between."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def old_report(model, received, **codes):
    """A report row of a historical `model` with the fixed fields every test shares."""
    return model.objects.create(
        created_on=received,
        language="de",
        reporter_role="AFFECTED",
        district="14612",
        reported_to_police="NO",
        consent_version="test",
        content=b"placeholder",
        **codes,
    )
