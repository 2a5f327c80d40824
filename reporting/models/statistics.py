from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReportStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    PUBLISHED = "PUBLISHED", _("Published")


class PublishedReportImmutable(Exception):
    """A published annual report never changes; a correction is a new edition."""


class AnnualReportQuerySet(models.QuerySet):
    def published(self) -> "AnnualReportQuerySet":
        return self.filter(status=AnnualReportStatus.PUBLISHED)


class AnnualReport(models.Model):
    """One edition of the statistics for a calendar year.

    A draft computes its tables live; publishing freezes them into `snapshot`
    (suppressed figures only) and the row never changes again. A correction is
    a new edition of the same year; older editions stay visible.
    """

    year = models.PositiveSmallIntegerField()
    edition = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=AnnualReportStatus.choices, default=AnnualReportStatus.DRAFT
    )
    k = models.PositiveSmallIntegerField(
        default=5, help_text="Counts from 1 to k-1 are suppressed (shown as '< k')."
    )
    foreword = models.TextField(blank=True)
    methodology = models.TextField(blank=True)
    correction_note = models.TextField(
        blank=True, help_text="What a later edition corrects; empty for the first edition."
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["year", "edition"], name="annual_report_year_edition"),
            models.CheckConstraint(
                condition=models.Q(status="DRAFT")
                | models.Q(snapshot__isnull=False, published_at__isnull=False),
                name="annual_report_published_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"Annual report {self.year} ({self.edition})"

    def save(self, *args, **kwargs):
        if getattr(self, "_stored_status", None) == AnnualReportStatus.PUBLISHED:
            raise PublishedReportImmutable(str(self))
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_status", None) == AnnualReportStatus.PUBLISHED:
            raise PublishedReportImmutable(str(self))
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_published(self) -> bool:
        return self.status == AnnualReportStatus.PUBLISHED


class StatisticsTally(models.Model):
    """How many cases of a year fall under one key of one figure of the annual counts.

    Kept by reporting/services/tallies.py in the transaction that creates a case or
    changes its classification or status, so the annual report reads a few thousand
    tallies instead of grouping a million cases. Never edited on its own.
    """

    year = models.PositiveSmallIntegerField()
    figure = models.CharField(max_length=32)
    key = models.CharField(max_length=200, help_text="The figure's key as a JSON array.")
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "figure", "key"], name="tally_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.figure} {self.key}: {self.count}"
