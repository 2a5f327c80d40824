"""The AGG split reads ground and area (reporting/vocabulary/agg.py): each case carries its outcome,
each assessment the caseworker's setting, and the tallies count the outcome.

Existing cases get the rule's outcome (no assessment has a setting yet); then every
year's tallies are counted again with today's code. That recount used to run in 0013,
but today's counting reads the column added here, so it runs here instead: a database
from before 0013 is counted once, after both.
"""

from django.db import migrations, models

BATCH = 5000


def scope_existing_cases(apps, schema_editor):
    from reporting.vocabulary.agg import AggScope, agg_scope
    from reporting.services.tallies import tallies_rebuild

    Case = apps.get_model("reporting", "Case")
    if not Case.objects.exists():
        return  # a new database: nothing to scope or count
    scopes, pks = {}, {AggScope.PROTECTED: [], AggScope.OUTSIDE: []}
    rows = Case.objects.order_by().values_list("pk", "grounds", "areas")
    for pk, grounds, areas in rows.iterator(chunk_size=BATCH):
        key = (tuple(grounds), tuple(areas))
        if key not in scopes:
            scopes[key] = agg_scope(grounds, areas)
        if scopes[key] != AggScope.UNDECIDED:  # the column's default
            pks[scopes[key]].append(pk)
    for scope, chosen in pks.items():
        for start in range(0, len(chosen), BATCH):
            Case.objects.filter(pk__in=chosen[start : start + BATCH]).update(agg_scope=scope)
    tallies_rebuild()


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
        migrations.RunPython(scope_existing_cases, migrations.RunPython.noop),
    ]
