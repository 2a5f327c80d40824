from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_counting(sender, **kwargs) -> None:
    from reporting.services.tallies import counting_refresh_if_stale

    counting_refresh_if_stale()


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Meldestelle"

    def ready(self) -> None:
        # After every migrate, with the schema complete: derived columns and tallies
        # follow this release's counting rules (reporting/services/tallies.py).
        post_migrate.connect(_refresh_counting, sender=self)
