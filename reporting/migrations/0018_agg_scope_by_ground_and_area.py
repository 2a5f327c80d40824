"""The AGG split reads ground and area (reporting/vocabulary/agg.py): each case carries its outcome,
each assessment the caseworker's setting, and the tallies count the outcome.

Existing cases get the rule's outcome (no assessment has a setting yet). The tallies,
which count the outcome too, are counted again by 0020 with a frozen copy of the
counting (it ran here with the live code, which reads columns added only later).
"""

from django.db import migrations, models

BATCH = 5000


def scope_existing_cases(apps, schema_editor):
    from reporting.vocabulary.agg import AggScope, agg_scope

    Case = apps.get_model("reporting", "Case")
    if not Case.objects.exists():
        return  # a new database: nothing to scope
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
