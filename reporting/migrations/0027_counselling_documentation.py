"""Counselling documentation (issue 22): the forms split into the AGG's forms and the
incident types, the assessment's actor, multidimensional flag, consequences and outcome,
the interventions, and the statistics' new figures.

Existing reports, assessments and cases keep every code they had: the forms of § 3
keep their bits, "Something else" moves to the end, and the incident-monitor codes move
to the new `incident_types` column (refused service or entry becomes the incident type
"discrimination"); one UPDATE per table, with masks, so a million rows stay quick.
The split is frozen here, as it is at this migration. The tallies are counted again
after `migrate` by the release's own code (COUNTING_FORMAT 3 in
reporting/services/tallies.py), never by a migration.
"""


import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

import reporting.fields
import reporting.vocabulary.documentation
import reporting.vocabulary.taxonomy

# Old bit -> new bit of the forms (0-5 unchanged; OTHER was 12) ...
FORM_BITS = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 12: 7}
# ... and old form bit -> incident type bit (EXTREME_VIOLENCE, ASSAULT, PROPERTY_DAMAGE,
# THREAT, VERBAL_ABUSE, PROPAGANDA, DISCRIMINATION); DENIAL_OF_SERVICE is DISCRIMINATION.
INCIDENT_BITS = {9: 0, 8: 1, 10: 2, 7: 3, 6: 4, 11: 6}
MODELS = ("Report", "Case", "Assessment")


def _moved(column: str, bits: dict[int, int]):
    expression = None
    for old, new in bits.items():
        part = F(column).bitand(1 << old).bitrightshift(old).bitleftshift(new)
        expression = part if expression is None else expression.bitor(part)
    return expression


def split_forms(apps, schema_editor):
    for name in MODELS:
        # One statement: both right-hand sides read the old forms.
        apps.get_model("reporting", name).objects.filter(forms__gt=0).update(
            incident_types=_moved("forms", INCIDENT_BITS), forms=_moved("forms", FORM_BITS)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0026_audit_verb_contact_withdrawn'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='actor',
            field=models.CharField(blank=True, choices=[('EMPLOYER', 'Employer'), ('LANDLORD', 'Landlord or housing company'), ('SHOP_SERVICE', 'Shop or service provider'), ('BANK_INSURANCE', 'Bank or insurance'), ('SCHOOL_EDUCATION', 'School or education institution'), ('PUBLIC_AUTHORITY', 'Public authority'), ('JOB_CENTRE', 'Job centre'), ('IMMIGRATION_OFFICE', 'Immigration office'), ('POLICE', 'Police'), ('JUSTICE', 'Justice (courts, public prosecution)'), ('HEALTH_CARE', 'Health care'), ('PUBLIC_TRANSPORT', 'Public transport company'), ('ONLINE_MEDIA', 'Online platform or media'), ('PRIVATE_PERSON', 'Private person'), ('OTHER', 'Other actor'), ('UNKNOWN', 'Actor unknown')], max_length=24),
        ),
        migrations.AddField(
            model_name='assessment',
            name='consequences',
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.documentation.Consequence, default=0),
        ),
        migrations.AddField(
            model_name='assessment',
            name='incident_types',
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.taxonomy.IncidentType, default=0),
        ),
        migrations.AddField(
            model_name='assessment',
            name='multidimensional',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='assessment',
            name='outcome',
            field=models.CharField(blank=True, choices=[('APOLOGY', 'Apology'), ('COMPENSATION', 'Compensation or damages'), ('CHANGE_OF_PRACTICE', 'Change of practice'), ('MEDIATION_SUCCESSFUL', 'Successful mediation'), ('COURT_WON', 'Court decision: won'), ('COURT_LOST', 'Court decision: lost'), ('NO_RESULT', 'No result'), ('WITHDRAWN', 'The person withdrew'), ('CONTACT_LOST', 'Contact lost')], max_length=24),
        ),
        migrations.AddField(
            model_name='case',
            name='actor',
            field=models.CharField(blank=True, choices=[('EMPLOYER', 'Employer'), ('LANDLORD', 'Landlord or housing company'), ('SHOP_SERVICE', 'Shop or service provider'), ('BANK_INSURANCE', 'Bank or insurance'), ('SCHOOL_EDUCATION', 'School or education institution'), ('PUBLIC_AUTHORITY', 'Public authority'), ('JOB_CENTRE', 'Job centre'), ('IMMIGRATION_OFFICE', 'Immigration office'), ('POLICE', 'Police'), ('JUSTICE', 'Justice (courts, public prosecution)'), ('HEALTH_CARE', 'Health care'), ('PUBLIC_TRANSPORT', 'Public transport company'), ('ONLINE_MEDIA', 'Online platform or media'), ('PRIVATE_PERSON', 'Private person'), ('OTHER', 'Other actor'), ('UNKNOWN', 'Actor unknown')], max_length=24),
        ),
        migrations.AddField(
            model_name='case',
            name='consequences',
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.documentation.Consequence, default=0),
        ),
        migrations.AddField(
            model_name='case',
            name='incident_types',
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.taxonomy.IncidentType, default=0),
        ),
        migrations.AddField(
            model_name='case',
            name='intervention_kinds',
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.documentation.InterventionKind, default=0),
        ),
        migrations.AddField(
            model_name='case',
            name='multidimensional',
            field=models.BooleanField(null=True),
        ),
        migrations.AddField(
            model_name='case',
            name='outcome',
            field=models.CharField(blank=True, choices=[('APOLOGY', 'Apology'), ('COMPENSATION', 'Compensation or damages'), ('CHANGE_OF_PRACTICE', 'Change of practice'), ('MEDIATION_SUCCESSFUL', 'Successful mediation'), ('COURT_WON', 'Court decision: won'), ('COURT_LOST', 'Court decision: lost'), ('NO_RESULT', 'No result'), ('WITHDRAWN', 'The person withdrew'), ('CONTACT_LOST', 'Contact lost')], max_length=24),
        ),
        migrations.AddField(
            model_name='report',
            name='incident_types',
            field=reporting.fields.CodeSetField(choices_class=reporting.vocabulary.taxonomy.IncidentType, default=0),
        ),
        migrations.AlterField(
            model_name='assessment',
            name='agg_scope',
            field=models.CharField(choices=[('AUTO', 'Automatic (from grounds, areas and actor)'), ('PROTECTED', 'Protected by the AGG'), ('OUTSIDE', 'Outside the AGG'), ('UNDECIDED', 'Cannot be decided from the data')], default='AUTO', max_length=16),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='verb',
            field=models.CharField(choices=[('REPORTER_MESSAGE', 'reporter wrote a message'), ('STAFF_MESSAGE', 'message to the reporter'), ('VIEWED', 'opened (decrypted) the case'), ('TRANSITION', 'changed the status'), ('ASSIGNED', 'changed the assignee'), ('ASSESSED', 'saved the assessment'), ('INTERVENTION_ADDED', 'recorded an intervention'), ('INTERVENTION_REMOVED', 'removed an intervention'), ('NOTE', 'added a note'), ('KEY_GRANTED', 'granted an organisation key'), ('KEY_ROTATED', 'rotated an organisation key'), ('KEYS_DROPPED', 'password reset dropped key grants'), ('LOGIN_LOCKED', 'account locked after failed logins'), ('ACCOUNT_UNLOCKED', 'unlocked an account'), ('STAFF_CREATED', 'created a staff account'), ('ATTACHMENT_DOWNLOADED', 'downloaded an attachment'), ('REFERRAL_SENT', 'referred to a member organisation'), ('REFERRAL_STEP', 'referral accepted, declined, updated or closed'), ('CONSENT_WITHDRAWN', 'reporter withdrew consent to referral'), ('CONTENT_DESTROYED', 'retention destroyed the content'), ('STATISTICS_DRAFTED', 'created a statistics draft'), ('STATISTICS_UPDATED', 'changed a statistics draft'), ('STATISTICS_PUBLISHED', 'approved and published statistics'), ('STATISTICS_NEW_EDITION', 'started a corrected edition')], max_length=32),
        ),
        migrations.CreateModel(
            name='Intervention',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('COUNSELLING', 'Counselling conversation'), ('INFORMATION_ON_RIGHTS', 'Information on rights'), ('ACCOMPANYING', 'Accompanying to an appointment'), ('COMPLAINT_LETTER', 'Letter of complaint'), ('REQUEST_FOR_STATEMENT', 'Request for a statement'), ('MEDIATION', 'Mediation'), ('TESTING', 'Testing'), ('ADS_CONCILIATION', 'Conciliation at the Federal Anti-Discrimination Agency'), ('LEGAL_ACTION', 'Support in legal action'), ('PUBLIC_INTERVENTION', 'Public intervention'), ('DOCUMENTATION_ONLY', 'Documentation only'), ('REFERRAL', 'Referral to a member organisation')], max_length=24)),
                ('occurred_on', models.DateField()),
                ('created_at', models.DateTimeField()),
                ('notes', models.BinaryField(help_text='Sealed; null: no notes.', null=True)),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interventions', to='reporting.case')),
                ('referral', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='intervention', to='reporting.referral')),
            ],
            options={
                'ordering': ['occurred_on', 'created_at', 'id'],
            },
        ),
        migrations.RunPython(split_forms, migrations.RunPython.noop),
    ]
