from django import forms as django_forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from frontend import choice_fields
from frontend.public.forms import MultipleFileField, MultipleFileInput, ReportForm
from frontend.shared_field_groups import SharedFieldGroup
from reporting.models import CaseStatus, Organisation, OrganisationKey, Referral
from reporting.selectors.cases import InboxSort
from reporting.selectors.referrals import member_organisations
from reporting.selectors.staff import assignable_caseworker_choices, assignable_caseworkers
from reporting.selectors.translations import interpreters
from reporting.services.reports import ERROR_CHANNEL
from reporting.vocabulary import limits
from reporting.vocabulary.agg import AGG_AUTO, AGG_SETTING_CHOICES
from reporting.vocabulary.deadlines import DueFilter
from reporting.vocabulary.documentation import (
    RECORDED_BY_HAND,
    Actor,
    Consequence,
    CounsellingOutcome,
)
from reporting.vocabulary.taxonomy import (
    STAFF_CHANNELS,
    STORED_DISTRICTS,
    Area,
    District,
    Form,
    Ground,
    IncidentType,
)
from reporting.vocabulary.workflow import next_statuses

EMPTY = [("", "—")]


class _PlainQueryIterator(django_forms.models.ModelChoiceIterator):
    """Choices from one ordinary query. Django's iterator() opens a server-side cursor
    on PostgreSQL (DECLARE … WITH HOLD, FETCH, CLOSE) for lists of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ShortModelChoiceField(django_forms.ModelChoiceField):
    """A ModelChoiceField for short lists (staff, member organisations)."""

    iterator = _PlainQueryIterator


class _CaseworkerIterator(django_forms.models.ModelChoiceIterator):
    """The choices as (id, user name) rows from compiled SQL, without user instances."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from assignable_caseworker_choices(self.field.organisation_id)

    def __len__(self):
        return sum(1 for _choice in self)

    def __bool__(self):
        return self.field.empty_label is not None or bool(
            assignable_caseworker_choices(self.field.organisation_id)
        )


class CaseworkerField(django_forms.ModelChoiceField):
    """An assignee: listed from compiled SQL, a posted one checked against the queryset.
    The association's caseworkers, or for a member organisation's own cases
    (`for_organisation`) its member caseworkers."""

    iterator = _CaseworkerIterator
    organisation_id = None

    def __init__(self, **kwargs):
        # The same dash as the other selects' empty choice, not Django's "---------".
        kwargs.setdefault("empty_label", EMPTY[0][1])
        super().__init__(queryset=assignable_caseworkers(), **kwargs)

    def for_organisation(self, organisation_id: int | None) -> None:
        self.organisation_id = organisation_id
        self.queryset = assignable_caseworkers(organisation_id)


class LoginForm(django_forms.Form):
    username = django_forms.CharField(label=_("User name"), max_length=150)
    password = django_forms.CharField(
        label=_("Password"), widget=django_forms.PasswordInput, max_length=200
    )


class SecondFactorForm(django_forms.Form):
    """One field for either kind of code; the server picks the device (staff_second_factor)."""

    code = django_forms.CharField(
        label=_("Code"),
        help_text=_("Six digits from your authenticator app, or one of your backup codes."),
        max_length=32,
        widget=django_forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class EnrolmentCodeForm(django_forms.Form):
    """The first code from a newly set-up app: it confirms the enrolment."""

    code = django_forms.CharField(
        label=_("Code from the app"),
        help_text=_("The six digits your authenticator app shows now."),
        max_length=16,
        widget=django_forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class InboxFilterForm(django_forms.Form):
    status = choice_fields.ChoiceField(
        label=_("Status"), choices=EMPTY + CaseStatus.choices, required=False
    )
    district = choice_fields.ChoiceField(
        label=_("District"), choices=EMPTY + District.choices, required=False
    )
    ground = choice_fields.ChoiceField(
        label=_("Ground"), choices=EMPTY + Ground.choices, required=False
    )
    area = choice_fields.ChoiceField(
        label=_("Area of life"), choices=EMPTY + Area.choices, required=False
    )
    form = choice_fields.ChoiceField(label=_("Form"), choices=EMPTY + Form.choices, required=False)
    incident_type = choice_fields.ChoiceField(
        label=_("Type of incident"), choices=EMPTY + IncidentType.choices, required=False
    )
    language = choice_fields.ChoiceField(
        label=_("Language"), choices=EMPTY + list(settings.LANGUAGES), required=False
    )
    assignee = CaseworkerField(label=_("Assignee"), required=False)
    needs_translation = django_forms.BooleanField(
        label=_("Needs translation"),
        help_text=_("Reports in a language nobody assigned reads, not yet translated."),
        required=False,
    )
    received_from = django_forms.DateField(
        label=_("Received from"),
        required=False,
        widget=django_forms.DateInput(attrs={"type": "date"}),
    )
    received_to = django_forms.DateField(
        label=_("Received until"),
        required=False,
        widget=django_forms.DateInput(attrs={"type": "date"}),
    )
    due = choice_fields.ChoiceField(
        label=_("Deadlines and follow-up"), choices=EMPTY + DueFilter.choices, required=False
    )
    # Rendered on its own beside the table (office/inbox.html), not among the filters.
    sort = choice_fields.ChoiceField(label=_("Sort"), choices=InboxSort.choices, required=False)

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].for_organisation(organisation_id)


class VersionedForm(django_forms.Form):
    version = django_forms.IntegerField(widget=django_forms.HiddenInput)


class TransitionForm(VersionedForm):
    to_status = choice_fields.ChoiceField(label=_("New status"), choices=CaseStatus.choices)


class AssignForm(VersionedForm):
    assignee = CaseworkerField(label=_("Assignee"), required=False)


class DecisionSelect(django_forms.NullBooleanSelect):
    """A saved True/False shows as selected again (a plain Select renders "True", which
    matches no option, so the next save would reset the decision to "unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Not yet decided")), ("true", _("Yes")), ("false", _("No"))]


class AssessmentForm(VersionedForm):
    grounds = choice_fields.MultipleChoiceField(
        label=_("Grounds"),
        choices=Ground.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
    areas = choice_fields.MultipleChoiceField(
        label=_("Areas of life"),
        choices=Area.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
    forms = choice_fields.MultipleChoiceField(
        label=_("Forms"),
        choices=Form.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
    incident_types = choice_fields.MultipleChoiceField(
        label=_("Type of incident"),
        choices=IncidentType.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
    actor = choice_fields.ChoiceField(
        label=_("Who was responsible?"),
        choices=[("", _("Not recorded yet")), *Actor.choices],
        required=False,
    )
    # With the regions retention writes: re-saving a destroyed case's assessment keeps its
    # region instead of the first district of the list.
    district = choice_fields.ChoiceField(label=_("District"), choices=STORED_DISTRICTS)
    incident_month = django_forms.RegexField(
        label=_("Month (YYYY-MM)"),
        regex=r"^([0-9]{4}-(0[1-9]|1[0-2]))?$",
        required=False,
        max_length=7,
    )
    is_discrimination = django_forms.NullBooleanField(
        label=_("Is this discrimination?"),
        widget=DecisionSelect(),
        required=False,
    )
    multidimensional = django_forms.BooleanField(
        label=_("Multidimensional: several grounds acted together"),
        help_text=_("Suggested when two or more grounds are chosen; your judgement decides."),
        required=False,
    )
    consequences = choice_fields.MultipleChoiceField(
        label=_("Consequences for the affected person"),
        choices=Consequence.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
    # Left out of a post (an older page): automatic, as in the API.
    agg_scope = choice_fields.TypedChoiceField(
        label=_("Protected by the General Equal Treatment Act (AGG)?"),
        choices=AGG_SETTING_CHOICES,
        initial=AGG_AUTO,
        required=False,
        empty_value=AGG_AUTO,
        help_text=_(
            "Automatic reads the grounds, areas and who was responsible above. Choose yourself "
            "when you know more, for example that a school is private."
        ),
    )
    outcome = choice_fields.ChoiceField(
        label=_("Outcome of the counselling"),
        choices=[("", _("Counselling goes on")), *CounsellingOutcome.choices],
        required=False,
        help_text=_("Needed to close a case that is in counselling."),
    )


class CasePanelForm(AssessmentForm, AssignForm, TransitionForm):
    """The case page's side panel: status, assignee and classification, saved at once
    (reporting.services.cases.case_update)."""

    # The classification's groups are shared by the cases classified alike, the status
    # by the cases with the same next steps (not the assignee: read from the database).
    bound_field_class = SharedFieldGroup

    field_order = ["version", "to_status", "assignee"]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].for_organisation(case.member_organisation_id)
        # Offered: the status as it is, then where the workflow lets it go. Any status is
        # accepted, so that a page someone else has changed since is a conflict to look at
        # again (the service checks the version first), not a wrong choice.
        self.fields["to_status"].label = _("Status")
        self.fields["to_status"].widget.choices = [
            (s, label)
            for s, label in CaseStatus.choices
            if s == case.status or s in next_statuses(case)
        ]

    @classmethod
    def for_case(cls, case, classification: dict) -> "CasePanelForm":
        """Unbound, showing the case as stored (`classification`: classification_of)."""
        initial = {k: v for k, v in classification.items() if k != "responsible_actor"}
        initial |= {
            "version": case.version,
            "to_status": case.status,
            "assignee": case.assignee,
            "actor": classification["responsible_actor"],
        }
        return cls(initial=initial, case=case)

    def classification(self) -> dict:
        """The cleaned classification as `case_assess` takes it."""
        data = self.cleaned_data
        keys = [name for name in AssessmentForm.base_fields if name not in ("version", "actor")]
        return {k: data[k] for k in keys} | {"responsible_actor": data["actor"]}


class InterventionForm(VersionedForm):
    bound_field_class = SharedFieldGroup  # the case page's folded form: the same each day

    kind = choice_fields.ChoiceField(label=_("What was done?"), choices=RECORDED_BY_HAND)
    occurred_on = django_forms.DateField(
        label=_("On"),
        widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    notes = django_forms.CharField(
        label=_("Notes (optional, only for the team)"),
        max_length=limits.MESSAGE_MAX,
        required=False,
        widget=django_forms.Textarea(attrs={"rows": 3}),
    )


class InterventionRemoveForm(VersionedForm):
    intervention = django_forms.UUIDField(widget=django_forms.HiddenInput)


class BodyForm(django_forms.Form):
    bound_field_class = SharedFieldGroup  # an empty text area on every case page

    body = django_forms.CharField(
        label=_("Text"),
        max_length=limits.MESSAGE_MAX,
        widget=django_forms.Textarea(attrs={"rows": 4}),
    )


class MessageForm(BodyForm):
    """A message to the reporter; written in their language, it may keep a translation
    for the file beside it (never sent)."""

    translation = django_forms.CharField(
        label=_("Translation for the file (optional, not sent)"),
        max_length=limits.MESSAGE_MAX,
        required=False,
        widget=django_forms.Textarea(attrs={"rows": 3}),
    )


class ReferralForm(django_forms.Form):
    organisation = ShortModelChoiceField(
        label=_("Member organisation"),
        # A paused one is accepted here so that a stale page hears why it is refused
        # (referral_send), but `offer` lists none.
        queryset=member_organisations(),
    )
    summary = django_forms.CharField(
        label=_("Summary for the organisation"),
        help_text=_("Only this text is passed on, never the whole report. Leave out names."),
        max_length=limits.MESSAGE_MAX,
        widget=django_forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, data=None, *args, **kwargs):
        # A suggestion's "Refer to this organisation" button posts its organisation as
        # `suggested`; it stands for the choice in the list.
        if data is not None and data.get("suggested"):
            data = data.copy()
            data["organisation"] = data["suggested"]
        super().__init__(data, *args, **kwargs)

    def offer(self, organisations: list[Organisation]) -> None:
        """List `organisations` (already read for the suggestions) instead of querying
        them again, without the paused ones (they take no new cases); a posted choice is
        still checked against the queryset."""
        field = self.fields["organisation"]
        field.choices = [
            ("", field.empty_label),
            *((o.pk, str(o)) for o in organisations if not o.is_paused),
        ]


class ShareForm(django_forms.Form):
    """A member caseworker shares an own case with the association (case_share)."""

    summary = django_forms.CharField(
        label=_("Summary for the association"),
        help_text=_(
            "Only this text is shared, never the report or the case file. Leave out names."
        ),
        max_length=limits.MESSAGE_MAX,
        widget=django_forms.Textarea(attrs={"rows": 5}),
    )


STEP_CHOICES = [
    ("", _("Send update")),
    (Referral.Status.ACCEPTED, _("Accept")),
    (Referral.Status.DECLINED, _("Decline")),
    (Referral.Status.CLOSED, _("Close with this outcome")),
]
# The buttons a partner sees, by the referral's status; each posts its step.
STEP_BUTTONS = {
    Referral.Status.SENT: (Referral.Status.ACCEPTED, Referral.Status.DECLINED, ""),
    Referral.Status.ACCEPTED: ("", Referral.Status.CLOSED),
}


class ReferralStepForm(django_forms.Form):
    """A partner's answer: one text, and a button per step (the button carries `status`)."""

    status = choice_fields.ChoiceField(label=_("Step"), choices=STEP_CHOICES, required=False)
    outcome = choice_fields.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Referral.Outcome.choices], required=False
    )
    text = django_forms.CharField(
        label=_("Update for the association"),
        max_length=limits.MESSAGE_MAX,
        required=False,
        widget=django_forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, referral_status: str = Referral.Status.SENT, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(STEP_CHOICES)
        self.buttons = [(step, labels[step]) for step in STEP_BUTTONS.get(referral_status, ())]
        self.offers_outcome = Referral.Status.CLOSED in STEP_BUTTONS.get(referral_status, ())
        if referral_status == Referral.Status.SENT:
            self.fields["text"].label = _("Note to the association")
            self.fields["text"].help_text = _("If you decline, please give the reason here.")


class OwnPasswordForm(django_forms.Form):
    old_password = django_forms.CharField(
        label=_("Current password"), widget=django_forms.PasswordInput, max_length=200
    )
    new_password = django_forms.CharField(
        label=_("New password"), widget=django_forms.PasswordInput, max_length=200
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise django_forms.ValidationError(_("The current password is wrong."))
        return password

    def clean_new_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["new_password"]
        validate_password(password, self.user)
        return password


def grantable_staff(key: OrganisationKey):
    """Active staff with a key pair in the organisation the key belongs to."""
    return get_user_model().objects.filter(
        key__isnull=False, is_active=True, staff__organisation=key.organisation_id
    )


class KeyGrantForm(django_forms.Form):
    """The hidden fields of one "grant" button; bad or foreign ids make it invalid."""

    key = django_forms.ModelChoiceField(queryset=OrganisationKey.objects.none())
    user = django_forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(key__isnull=False, is_active=True)
    )

    def __init__(self, data, *, keys):
        super().__init__(data)
        self.fields["key"].queryset = keys

    def clean(self):
        cleaned = super().clean()
        key, user = cleaned.get("key"), cleaned.get("user")
        if key and user and not grantable_staff(key).filter(pk=user.pk).exists():
            # Never shown: the page offers no such pair, so the view answers 404.
            raise django_forms.ValidationError("The user is not staff of the key's organisation.")
        return cleaned


OWN_CASE_CONSENT_SHARE = _(
    "You may share a summary of my report with the association this organisation "
    "belongs to. I can withdraw this at any time."
)


class IntakeForm(ReportForm):
    """A report taken by phone, in person, by letter, …: the public form's questions, asked
    by a caseworker, plus how it came in. The consents are the person's, read out and
    ticked on their behalf."""

    channel = choice_fields.ChoiceField(
        label=_("How did the report reach you?"),
        choices=[("", _("Please choose")), *((c.value, c.label) for c in STAFF_CHANNELS)],
        error_messages={"required": ERROR_CHANNEL, "invalid_choice": ERROR_CHANNEL},
    )
    language = choice_fields.ChoiceField(
        label=_("Language the person used"), choices=settings.LANGUAGES
    )
    receipt = django_forms.BooleanField(
        label=_("The person wants to follow the case online with a receipt code"),
        help_text=_("The code is shown once, on the next page: print it or read it out."),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        help_text=_(
            "Photos, PDFs or voice recordings (MP3, M4A, Ogg, WAV), up to 5 files of 10 MB "
            "each. Location, device and author data are removed."
        ),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf,audio/*"}),
    )

    field_order = ["channel", "language"]

    def __init__(self, *args, language: str, own_case: bool = False, **kwargs):
        super().__init__(*args, language=language, **kwargs)
        del self.fields["website"]  # staff are not bots: no honeypot
        self.own_case = own_case
        if own_case:
            # A member organisation's own case is not passed on to a member organisation:
            # the same consent lets its caseworker share a summary with the association,
            # and there is no receiving organisation to name (the template leaves it out).
            self.fields["consent_referral"].label = OWN_CASE_CONSENT_SHARE
        self.fields["language"].initial = language
        self.fields["narrative"].label = _("What happened? (in the person's words)")
        self.fields["narrative"].help_text = _("Do not write other people's names.")

    def to_submission(self):
        self.language = self.cleaned_data.get("language") or self.language
        return super().to_submission()


class _TextChoice(django_forms.Form):
    """Which text: the report (""), or one of the reporter's messages (its id)."""

    message = django_forms.TypedChoiceField(
        label=_("Text"), choices=[("", _("The report"))], required=False, empty_value=""
    )

    def __init__(self, *args, texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [("", _("The report")), *texts]


class TranslationForm(_TextChoice):
    """A translation typed beside the report or a reporter's message."""

    prefix = "translation"
    bound_field_class = SharedFieldGroup

    body = django_forms.CharField(
        label=_("Translation"),
        max_length=limits.MESSAGE_MAX,
        widget=django_forms.Textarea(attrs={"rows": 6}),
    )
    language = choice_fields.ChoiceField(
        label=_("Language of the translation"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class TranslationRequestForm(_TextChoice):
    prefix = "interpreter"

    interpreter = ShortModelChoiceField(
        label=_("Interpreter"), queryset=get_user_model().objects.none(), empty_label=None
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter"].queryset = interpreters()
        if case is not None and case.member_organisation_id is not None:
            # An own case's text goes to no interpreter outside its organisation.
            self.fields["interpreter"].queryset = interpreters().filter(
                staff__organisation_id=case.member_organisation_id
            )


class LanguagesReadForm(django_forms.Form):
    reads_languages = choice_fields.MultipleChoiceField(
        label=_("Languages you read"),
        help_text=_(
            "Cases in other languages are marked “needs translation” while they are "
            "assigned to you."
        ),
        choices=settings.LANGUAGES,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
    )
