"""Output shapes of statistics (layout documented in docs/statistics.md)."""

from rest_framework import serializers

from reporting.statistics.suppression import K_MAX, K_MIN, Status
from reporting.vocabulary import limits


class FigureOutputSerializer(serializers.Serializer):
    value = serializers.IntegerField(
        allow_null=True, help_text="The count; null when withheld (see status)."
    )
    status = serializers.ChoiceField(
        choices=[s.value for s in Status],
        help_text="published; primary: 1 to k-1, shown as '< k'; "
        "complementary: withheld so that another withheld figure cannot be computed.",
    )


class RowOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Taxonomy code, YYYY-MM, or a special code (_NONE …).")
    value = FigureOutputSerializer(required=False, help_text="One-dimensional tables.")
    cells = FigureOutputSerializer(
        many=True, required=False, help_text="Cross tables: one per column."
    )
    total = FigureOutputSerializer(
        required=False, help_text="Cross tables: the row's mentions (sum of its cells)."
    )
    reports = FigureOutputSerializer(
        required=False, help_text="Cross tables: reports in the row's category."
    )


class TableOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.ChoiceField(choices=["summary", "single", "multi", "cross"])
    unit = serializers.ChoiceField(choices=["reports", "incidents", "mentions"])
    basis = serializers.ChoiceField(
        choices=["reports", "incidents"],
        required=False,
        help_text="What the table counts: reports received (less spam and not "
        "discrimination), or incidents the team assessed as discrimination; `reports` "
        "holds their number. Absent before format 3: reports.",
    )
    dimension = serializers.CharField()
    column_dimension = serializers.CharField(required=False)
    columns = serializers.ListField(child=serializers.CharField(), required=False)
    rows = RowOutputSerializer(many=True)
    reports = FigureOutputSerializer(
        help_text="Number of reports (or incidents, see basis) the table covers."
    )
    mentions = FigureOutputSerializer(required=False, help_text="Multi-choice: sum of the rows.")
    none = FigureOutputSerializer(required=False, help_text="Multi-choice: reports naming none.")
    column_totals = FigureOutputSerializer(many=True, required=False)
    total = FigureOutputSerializer(required=False)


class YearOnYearRowOutputSerializer(serializers.Serializer):
    table = serializers.CharField()
    code = serializers.CharField()
    current = FigureOutputSerializer()
    previous = FigureOutputSerializer()
    change_percent = serializers.FloatField(allow_null=True)


class YearOnYearOutputSerializer(serializers.Serializer):
    previous_year = serializers.IntegerField()
    previous_edition = serializers.IntegerField(
        allow_null=True, help_text="Null: compared with live figures (staff only)."
    )
    rows = YearOnYearRowOutputSerializer(many=True)


class SuppressionSummaryOutputSerializer(serializers.Serializer):
    primary = serializers.IntegerField()
    complementary = serializers.IntegerField()
    figures = serializers.IntegerField()


class StatisticsOutputSerializer(serializers.Serializer):
    format = serializers.IntegerField()
    year = serializers.IntegerField()
    k = serializers.IntegerField(allow_null=True, help_text="Null: nothing suppressed (staff).")
    computed_on = serializers.DateField()
    tables = TableOutputSerializer(many=True)
    suppressed = SuppressionSummaryOutputSerializer()
    year_on_year = YearOnYearOutputSerializer(allow_null=True)


class ErratumOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="AGG_BY_GROUND_ONLY: see docs/statistics.md.")
    table = serializers.CharField(help_text="The table it concerns.")
    text = serializers.CharField(help_text="The note in the language of the request.")


class PublishedStatisticsOutputSerializer(StatisticsOutputSerializer):
    edition = serializers.IntegerField()
    foreword = serializers.CharField(allow_blank=True)
    methodology = serializers.CharField(allow_blank=True)
    correction_note = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField()
    errata = ErratumOutputSerializer(
        many=True,
        help_text="What is known to be wrong in this edition; not part of the frozen "
        "snapshot, which stays as it was published.",
    )


class PublishedReportListOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    edition = serializers.IntegerField()
    k = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    superseded = serializers.BooleanField(help_text="A later edition of the year exists.")
    url = serializers.CharField(help_text="This edition in the API.")


class StaffStatisticsInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=limits.EARLIEST_INCIDENT_YEAR, max_value=limits.LATEST_YEAR
    )
    k = serializers.IntegerField(
        required=False,
        min_value=K_MIN,
        max_value=K_MAX,
        help_text="Preview suppression with this k; without it nothing is suppressed.",
    )


class OpenCasesOutputSerializer(serializers.Serializer):
    status = serializers.CharField()
    ages = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Open cases by days since the report: < 7, 7–29, 30–89, ≥ 90.",
    )


class ReferralCountOutputSerializer(serializers.Serializer):
    status = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class CaseWorkOutputSerializer(serializers.Serializer):
    since = serializers.DateField(help_text="Medians and referrals cover reports since then.")
    open_cases = OpenCasesOutputSerializer(many=True)
    median_days_to_triage = serializers.FloatField(allow_null=True)
    triaged_cases = serializers.IntegerField()
    median_days_to_reply = serializers.FloatField(allow_null=True)
    replied_cases = serializers.IntegerField()
    referrals = ReferralCountOutputSerializer(many=True, allow_null=True)


class ExportInputSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day of the period (YYYY-MM-DD).")
    end = serializers.DateField(help_text="Last day of the period, included.")
    basis = serializers.ChoiceField(
        choices=["received", "incident"],
        default="received",
        help_text="received: by the date the report was received; incident: by the month "
        "of the incident (reports without one are counted apart, in `undated`).",
    )
    organisation = serializers.CharField(
        default="network",
        max_length=20,
        help_text="network, association (its own cases) or a member organisation's id. "
        "A member organisation's caseworkers: their own organisation's id only (the "
        "default for them).",
    )
    file = serializers.ChoiceField(
        choices=["json", "xlsx", "csv"],
        default="json",
        help_text="json (this shape), xlsx, or csv (a ZIP with export.csv and method.txt).",
    )

    def validate(self, attrs):
        from django.utils import timezone

        from reporting.statistics.funder_export import range_errors

        errors = range_errors(attrs["start"], attrs["end"], timezone.localdate())
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ExportRowOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = FigureOutputSerializer()


class ExportSectionOutputSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="An annual report table's id, or the export's own.")
    title = serializers.CharField()
    basis = serializers.CharField(help_text="reports, incidents, or empty.")
    dimension = serializers.CharField()
    rows = ExportRowOutputSerializer(many=True)


class MethodNoteOutputSerializer(serializers.Serializer):
    heading = serializers.CharField()
    text = serializers.CharField()


class ExportOutputSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    basis = serializers.CharField()
    organisation = serializers.CharField()
    organisation_label = serializers.CharField()
    k = serializers.IntegerField()
    generated_on = serializers.DateField()
    sections = ExportSectionOutputSerializer(many=True)
    method = MethodNoteOutputSerializer(many=True)
