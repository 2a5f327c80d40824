"""The AGG split reads ground and area (reporting/vocabulary/agg.py): each case carries its outcome,
each assessment the caseworker's setting, and the tallies count the outcome.

Schema only: existing cases get the rule's outcome and every year is counted again
after `migrate`, by the code of the release (COUNTING_FORMAT in
reporting/services/tallies.py), never by a migration importing today's services.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0017_audit_staff_created_unlocked"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="agg_scope",
            field=models.CharField(
                choices=[
                    ("AUTO", "Automatic (from grounds and areas)"),
                    ("PROTECTED", "Protected by the AGG"),
                    ("OUTSIDE", "Outside the AGG"),
                    ("UNDECIDED", "Cannot be decided from the data"),
                ],
                default="AUTO",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="agg_scope",
            field=models.CharField(
                choices=[
                    ("PROTECTED", "Protected by the AGG"),
                    ("OUTSIDE", "Outside the AGG"),
                    ("UNDECIDED", "Cannot be decided from the data"),
                ],
                default="UNDECIDED",
                max_length=16,
            ),
            preserve_default=False,
        ),
    ]
