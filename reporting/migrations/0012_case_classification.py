"""The case carries its effective classification (see Case.classify), filled in here once."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import reporting.fields
import reporting.vocabulary.taxonomy

FROM_REPORT = ("language", "reporter_role", "reported_to_police", "district", "grounds",
               "areas", "forms", "incident_month")  # fmt: skip
FROM_ASSESSMENT = ("district", "grounds", "areas", "forms", "incident_month", "is_discrimination")


def fill(apps, schema_editor):
    Case = apps.get_model("reporting", "Case")
    Report = apps.get_model("reporting", "Report")
    Assessment = apps.get_model("reporting", "Assessment")
    report = Report.objects.filter(pk=OuterRef("report_id"))
    Case.objects.update(
        received_on=Subquery(report.values("created_on")[:1]),
        **{name: Subquery(report.values(name)[:1]) for name in FROM_REPORT},
    )
    assessment = Assessment.objects.filter(case_id=OuterRef("pk"))
    Case.objects.filter(assessment__isnull=False).update(
        assessed=True,
        **{name: Subquery(assessment.values(name)[:1]) for name in FROM_ASSESSMENT},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0011_statistics_audit_verbs"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="received_on",
            field=models.DateField(default="2000-01-01"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="language",
            field=models.CharField(
                default="",
                max_length=8,
                choices=[
                    ("de", "Deutsch"),
                    ("en", "English"),
                    ("uk", "Українська"),
                    ("ru", "Русский"),
                    ("ar", "العربية"),
                    ("fa", "فارسی"),
                    ("pl", "Polski"),
                    ("ro", "Română"),
                    ("vi", "Tiếng Việt"),
                    ("cs", "Čeština"),
                    ("tr", "Türkçe"),
                ],
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="reporter_role",
            field=models.CharField(
                default="",
                max_length=16,
                choices=[
                    ("AFFECTED", "It happened to me"),
                    ("WITNESS", "I saw it happen"),
                    ("ON_BEHALF", "I report for someone else (counsellor, relative)"),
                ],
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="reported_to_police",
            field=models.CharField(
                default="",
                max_length=8,
                choices=[("YES", "Yes"), ("NO", "No"), ("NOT_SAID", "I'd rather not say")],
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="district",
            field=models.CharField(
                default="",
                max_length=16,
                choices=[
                    ("14511", "Chemnitz (city)"),
                    ("14521", "Erzgebirgskreis"),
                    ("14522", "Mittelsachsen"),
                    ("14523", "Vogtlandkreis"),
                    ("14524", "Zwickau"),
                    ("14612", "Dresden (city)"),
                    ("14625", "Bautzen"),
                    ("14626", "Görlitz"),
                    ("14627", "Meißen"),
                    ("14628", "Sächsische Schweiz-Osterzgebirge"),
                    ("14713", "Leipzig (city)"),
                    ("14729", "Landkreis Leipzig"),
                    ("14730", "Nordsachsen"),
                    ("OUTSIDE_SAXONY", "Outside Saxony"),
                    ("ONLINE", "Online (no place)"),
                    ("UNKNOWN", "I don't know"),
                ],
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="grounds",
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.taxonomy.Ground, default=0),
        ),
        migrations.AddField(
            model_name="case",
            name="areas",
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.taxonomy.Area, default=0),
        ),
        migrations.AddField(
            model_name="case",
            name="forms",
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.taxonomy.Form, default=0),
        ),
        migrations.AddField(
            model_name="case",
            name="incident_month",
            field=models.CharField(blank=True, max_length=7),
        ),
        migrations.AddField(
            model_name="case",
            name="assessed",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="case",
            name="is_discrimination",
            field=models.BooleanField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=[
                    "-unread_for_staff", "-received_on", "-id", "status", "district",
                    "language", "grounds", "areas", "forms", "assignee",
                ],
                name="case_inbox",
            ),  # fmt: skip
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["received_on"], name="case_received_on"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=[
                    "district", "-unread_for_staff", "-received_on", "-id", "grounds", "areas",
                ],
                name="case_district",
            ),  # fmt: skip
        ),
        migrations.AlterField(
            model_name="case",
            name="status",
            field=models.CharField(
                choices=[
                    ("NEW", "Received"),
                    ("IN_REVIEW", "Being reviewed"),
                    ("IN_COUNSELLING", "In counselling"),
                    ("REFERRED", "Passed on to a member organisation"),
                    ("DOCUMENTED", "Documented"),
                    ("NOT_DISCRIMINATION", "Reviewed"),
                    ("SPAM", "Reviewed"),
                    ("CLOSED", "Closed"),
                ],
                default="NEW",
                max_length=24,
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "-unread_for_staff", "-received_on", "-id"], name="case_status"
            ),
        ),
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(fields=["case", "-created_at", "-id"], name="event_case_latest"),
        ),
    ]
