import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.crypto import Context
from reporting.fields import CodeSetField
from reporting.models.reports import Report
from reporting.vocabulary.agg import AGG_AUTO, AGG_SETTING_CHOICES, AggScope, effective_agg_scope
from reporting.vocabulary.documentation import (
    Actor,
    Consequence,
    CounsellingOutcome,
    InterventionKind,
)
from reporting.vocabulary.taxonomy import (
    STORED_DISTRICTS,
    Area,
    Channel,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """Cases `user` may see; everything else is a 404 (DESIGN §2)."""
        return self.in_scope(visibility_scope(user))

    def in_scope(self, scope: str) -> "CaseQuerySet":
        """The cases of a visibility scope (`visibility_scope`): what every user with that
        scope may see. Fast paths compile their SQL once per scope from this queryset."""
        if scope == SCOPE_ASSOCIATION:
            return self.filter(member_organisation__isnull=True)
        if scope.startswith(SCOPE_MEMBER_PREFIX):
            return self.filter(member_organisation_id=int(scope.removeprefix(SCOPE_MEMBER_PREFIX)))
        return self.none()


SCOPE_ASSOCIATION = "association"
SCOPE_MEMBER_PREFIX = "member:"
SCOPE_NO_CASES = "none"


def visibility_scope(user) -> str:
    """Which cases `user` may see, as a key that users with the same rights share: the
    association's caseworkers its own cases, a member organisation's caseworkers that
    organisation's own cases, nobody else any."""
    from reporting.permissions import can_work_on_cases, documents_own_cases

    if can_work_on_cases(user):
        return SCOPE_ASSOCIATION
    if documents_own_cases(user):
        return f"{SCOPE_MEMBER_PREFIX}{user.staff.organisation_id}"
    return SCOPE_NO_CASES


class CaseStatus(models.TextChoices):
    """The labels are the back office's words; reporters read REPORTER_STATUS_LABELS."""

    NEW = "NEW", _("New")
    IN_REVIEW = "IN_REVIEW", _("Being reviewed")
    IN_COUNSELLING = "IN_COUNSELLING", _("In counselling")
    REFERRED = "REFERRED", _("Passed on")
    DOCUMENTED = "DOCUMENTED", _("Documented")
    NOT_DISCRIMINATION = "NOT_DISCRIMINATION", _("Not discrimination")
    SPAM = "SPAM", _("Spam")
    CLOSED = "CLOSED", _("Closed")


# What the reporter reads on the status page. Both verdicts that end a review read
# "Reviewed": no reporter reads that their report was taken for spam. A caseworker must
# tell them apart (each removes the case from the statistics in its own way), so the
# staff labels above differ.
REPORTER_STATUS_LABELS = {
    CaseStatus.NEW: _("Received"),
    CaseStatus.IN_REVIEW: _("Being reviewed"),
    CaseStatus.IN_COUNSELLING: _("In counselling"),
    CaseStatus.REFERRED: _("Passed on to a member organisation"),
    CaseStatus.DOCUMENTED: _("Documented"),
    CaseStatus.NOT_DISCRIMINATION: _("Reviewed"),
    CaseStatus.SPAM: _("Reviewed"),
    CaseStatus.CLOSED: _("Closed"),
}
# One sentence under the label, in the same plain words for both verdicts.
REPORTER_STATUS_EXPLANATIONS = {
    CaseStatus.NEW: _("Your report has arrived. Our counselling team will read it soon."),
    CaseStatus.IN_REVIEW: _(
        "Our counselling team is reading your report and deciding how we can help."
    ),
    CaseStatus.IN_COUNSELLING: _(
        "A counsellor is working on your report. Look here for their messages."
    ),
    CaseStatus.REFERRED: _(
        "As you agreed, a member organisation now helps with your report. Messages still come here."
    ),
    CaseStatus.DOCUMENTED: _(
        "Your report is recorded and counts in our figures on discrimination in Saxony."
    ),
    CaseStatus.NOT_DISCRIMINATION: _(
        "We have read your report. If you have a question, write us a message here."
    ),
    CaseStatus.SPAM: _(
        "We have read your report. If you have a question, write us a message here."
    ),
    CaseStatus.CLOSED: _("We have finished working on your report. You can still read it here."),
}


# Newest unread first (reporting.selectors.cases); the columns the inbox filters on.
INBOX_ORDER = ("-unread_for_staff", "-received_on", "-id")
INBOX_FILTERS = (
    "status", "district", "language", "grounds", "areas", "forms", "incident_types", "assignee",
)  # fmt: skip


class CaseLink(models.TextChoices):
    """How a report relates to another case's (Case.linked_to)."""

    SAME_INCIDENT = "SAME_INCIDENT", _("Same incident")
    DUPLICATE = "DUPLICATE", _("Duplicate")


# The statistics' two bases (DESIGN §9): a duplicate is no report of its own; a report
# linked to another case's incident is a report, not another incident.
COUNTS_AS_REPORT = ~models.Q(link_kind=CaseLink.DUPLICATE)
COUNTS_AS_INCIDENT = models.Q(link_kind="")


class Case(models.Model):
    """The work on one report: the association's, or a member organisation's own.

    The case also carries its classification: the caseworker's assessment where
    there is one, else what the reporter chose, plus the report's date, language,
    role and police answer. `classify()` copies them whenever the report or the
    assessment is written, so the inbox, the API and the statistics filter, sort
    and count one table (no join over 100,000 or 1,000,000 rows).
    """

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case")
    # A member organisation that documents this case itself: sealed to its key only, its
    # content never the association's (DESIGN §9). Empty: the association's own case.
    member_organisation = models.ForeignKey(
        "reporting.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_cases",
    )
    # Another case this report belongs with: the lead case of the same incident (several
    # witnesses of one attack), or the case a duplicate repeats. Always the lead, never a
    # chain; empty with link_kind "" for a case of its own.
    linked_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked_cases"
    )
    link_kind = models.CharField(max_length=16, choices=CaseLink.choices, blank=True)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.NEW)
    # SPAM or NOT_DISCRIMINATION while that verdict stands, also once the case is closed
    # (reporting.vocabulary.workflow.exclusion_after); the statistics read it, not the status.
    excluded_as = models.CharField(
        max_length=24,
        choices=[(s.value, s.label) for s in (CaseStatus.SPAM, CaseStatus.NOT_DISCRIMINATION)],
        blank=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    version = models.PositiveIntegerField(default=1)
    unread_for_staff = models.BooleanField(default=True)
    first_triaged_at = models.DateTimeField(null=True, blank=True)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set by staff actions only: an automatic stamp would record the exact submission time.
    updated_at = models.DateTimeField(null=True, blank=True)
    # The day retention told the administrators that this case will be closed for
    # inactivity (reporting/services/retention.py); a warning older than the case's
    # latest work is spent, so the next stretch of inactivity is announced again.
    inactivity_warned_on = models.DateField(null=True, blank=True)

    # Classification, kept by classify(); never edited on its own.
    received_on = models.DateField()
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    reporter_role = models.CharField(max_length=16, choices=ReporterRole.choices)
    # How the report reached the service (the report's, counted like the reporter role).
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    reported_to_police = models.CharField(max_length=8, choices=PoliceReport.choices)
    district = models.CharField(max_length=16, choices=STORED_DISTRICTS)
    grounds = CodeSetField(choices_class=Ground)
    areas = CodeSetField(choices_class=Area)
    forms = CodeSetField(choices_class=Form)
    incident_types = CodeSetField(choices_class=IncidentType)
    incident_month = models.CharField(max_length=7, blank=True)
    assessed = models.BooleanField(default=False)
    is_discrimination = models.BooleanField(null=True)
    agg_scope = models.CharField(max_length=16, choices=AggScope.choices)
    # The assessment's documentation; empty (None for multidimensional) without one.
    actor = models.CharField(max_length=24, choices=Actor.choices, blank=True)
    multidimensional = models.BooleanField(null=True)
    consequences = CodeSetField(choices_class=Consequence)
    outcome = models.CharField(max_length=24, choices=CounsellingOutcome.choices, blank=True)
    # The kinds of the case's interventions (Intervention rows), kept by the services that
    # add or remove one, so the statistics count them on this table too.
    intervention_kinds = CodeSetField(choices_class=InterventionKind)
    # How much work the case saw, for the exports to funders: kept by
    # reporting/services/work_counts.py with every message and referral, so an export sums
    # one table instead of looking up a year's messages case by case.
    messages_from_reporter = models.PositiveIntegerField(default=0, editable=False)
    messages_from_staff = models.PositiveIntegerField(default=0, editable=False)
    referrals_in_network = models.PositiveIntegerField(default=0, editable=False)
    referrals_outside = models.PositiveIntegerField(default=0, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The inbox order with every filter column: a page is the first matches
            # in index order, and a filtered count reads the index, not the table.
            models.Index(fields=[*INBOX_ORDER, *INBOX_FILTERS], name="case_inbox"),
            models.Index(fields=["received_on"], name="case_received_on"),
            # The two filters caseworkers use most, each in inbox order: a page stops after
            # 50 matches, a count reads the index alone.
            # Each ends with the owner (issue 19): the visibility rule is read from the
            # index too, so a filtered count stays index-only.
            models.Index(
                fields=["district", *INBOX_ORDER, "grounds", "areas", "member_organisation"],
                name="case_district",
            ),
            models.Index(
                fields=["status", *INBOX_ORDER, "member_organisation"], name="case_status"
            ),
            # Each member organisation's inbox (and the association's, member_organisation
            # NULL) in inbox order, with the status for its counts (issue 19).
            models.Index(
                fields=["member_organisation", *INBOX_ORDER, "status"], name="case_owner_inbox"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(linked_to__isnull=True, link_kind="")
                | models.Q(linked_to__isnull=False) & ~models.Q(link_kind=""),
                name="case_link_has_kind",
            )
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    # The fields classify() writes.
    CLASSIFICATION = (
        "received_on", "language", "reporter_role", "reported_to_police", "district",
        "grounds", "areas", "forms", "incident_types", "incident_month", "assessed",
        "is_discrimination", "agg_scope", "actor", "multidimensional", "consequences",
        "outcome", "channel",
    )  # fmt: skip
    # Kept from the case's own rows (interventions) by the same writer.
    WORK_RECORD = ("intervention_kinds",)
    # Follows every status change (the same writer).
    VERDICT = ("excluded_as",)

    def classify(self, report: Report, assessment: "Assessment | None" = None) -> None:
        """Copy the effective classification: the assessment's if given, else the report's."""
        source = assessment or report
        self.received_on = report.created_on
        self.language = report.language
        self.reporter_role = report.reporter_role
        self.channel = report.channel
        self.reported_to_police = report.reported_to_police
        self.district = source.district
        self.grounds = source.grounds
        self.areas = source.areas
        self.forms = source.forms
        self.incident_types = source.incident_types
        self.incident_month = source.incident_month
        self.assessed = assessment is not None
        self.is_discrimination = assessment.is_discrimination if assessment else None
        self.actor = assessment.actor if assessment else ""
        self.multidimensional = assessment.multidimensional if assessment else None
        self.consequences = assessment.consequences if assessment else []
        self.outcome = assessment.outcome if assessment else ""
        self.agg_scope = effective_agg_scope(
            assessment.agg_scope if assessment else AGG_AUTO,
            source.grounds,
            source.areas,
            self.actor,
        )


class Assessment(models.Model):
    """The caseworker's classification of a case, next to the reporter's own."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    grounds = CodeSetField(choices_class=Ground)
    areas = CodeSetField(choices_class=Area)
    forms = CodeSetField(choices_class=Form)
    incident_types = CodeSetField(choices_class=IncidentType)
    district = models.CharField(max_length=16, choices=STORED_DISTRICTS)
    incident_month = models.CharField(max_length=7, blank=True)
    is_discrimination = models.BooleanField(null=True)
    # AUTO: the rule of reporting/vocabulary/agg.py over grounds × areas (× actor); else
    # the caseworker's outcome.
    agg_scope = models.CharField(max_length=16, choices=AGG_SETTING_CHOICES, default=AGG_AUTO)
    # Counselling documentation (reporting/vocabulary/documentation.py); empty: not recorded.
    actor = models.CharField(max_length=24, choices=Actor.choices, blank=True)
    multidimensional = models.BooleanField(default=False)
    consequences = CodeSetField(choices_class=Consequence)
    outcome = models.CharField(max_length=24, choices=CounsellingOutcome.choices, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Assessment of {self.case_id}"


class Note(models.Model):
    """Internal note; sealed to the association only, never to the reporter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    body = models.BinaryField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk}"

    def context(self, field: str = "body") -> Context:
        return Context.of_row(self, self.pk, field)


class Intervention(models.Model):
    """One thing the counsellors did for a case, dated; its notes are sealed to the
    association like an internal note. A referral records one of kind REFERRAL."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(max_length=24, choices=InterventionKind.choices)
    occurred_on = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral = models.OneToOneField(
        "reporting.Referral",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="intervention",
    )
    external_referral = models.OneToOneField(
        "reporting.ExternalReferral",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="intervention",
    )
    created_at = models.DateTimeField()
    notes = models.BinaryField(null=True, help_text="Sealed; null: no notes.")

    class Meta:
        ordering = ["occurred_on", "created_at", "id"]

    def __str__(self) -> str:
        return f"Intervention {self.pk}"

    def context(self, field: str = "notes") -> Context:
        return Context.of_row(self, self.pk, field)


class MessageAuthor(models.TextChoices):
    REPORTER = "REPORTER", _("You")
    STAFF = "STAFF", _("Meldestelle")


# The case's counts of its work (reporting/services/work_counts.py): a column per message
# author side, and one per kind of referral.
MESSAGE_COUNTS = {
    MessageAuthor.REPORTER: "messages_from_reporter",
    MessageAuthor.STAFF: "messages_from_staff",
}
MEMBER_REFERRALS, EXTERNAL_REFERRALS = "referrals_in_network", "referrals_outside"
WORK_COUNTS = (*MESSAGE_COUNTS.values(), MEMBER_REFERRALS, EXTERNAL_REFERRALS)


class Message(models.Model):
    """One message between the reporter and the association; the body is sealed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author_side = models.CharField(max_length=8, choices=MessageAuthor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField()
    body = models.BinaryField()
    read_by_staff = models.BooleanField(default=False)
    read_by_reporter = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    def context(self, field: str = "body") -> Context:
        return Context.of_row(self, self.pk, field)


class AuditEvent(models.Model):
    """Audit trail: who did what when. Never holds content."""

    class Verb(models.TextChoices):
        REPORTER_MESSAGE = "REPORTER_MESSAGE", _("reporter wrote a message")
        STAFF_MESSAGE = "STAFF_MESSAGE", _("message to the reporter")
        VIEWED = "VIEWED", _("opened (decrypted) the case")
        INTAKE = "INTAKE", _("recorded a report taken by phone, in person or on paper")
        TRANSLATION_REQUESTED = "TRANSLATION_REQUESTED", _("sent a text to an interpreter")
        TRANSLATION_READ = "TRANSLATION_READ", _("interpreter opened the text sent to them")
        TRANSLATION_ADDED = "TRANSLATION_ADDED", _("added a translation")
        TRANSITION = "TRANSITION", _("changed the status")
        ASSIGNED = "ASSIGNED", _("changed the assignee")
        ASSESSED = "ASSESSED", _("saved the assessment")
        INTERVENTION_ADDED = "INTERVENTION_ADDED", _("recorded an intervention")
        INTERVENTION_REMOVED = "INTERVENTION_REMOVED", _("removed an intervention")
        NOTE = "NOTE", _("added a note")
        KEY_GRANTED = "KEY_GRANTED", _("granted an organisation key")
        KEY_ROTATED = "KEY_ROTATED", _("rotated an organisation key")
        KEYS_DROPPED = "KEYS_DROPPED", _("password reset dropped key grants")
        LOGIN_LOCKED = "LOGIN_LOCKED", _("account locked after failed logins")
        ACCOUNT_UNLOCKED = "ACCOUNT_UNLOCKED", _("unlocked an account")
        STAFF_CREATED = "STAFF_CREATED", _("created a staff account")
        TOTP_ENROLLED = "TOTP_ENROLLED", _("set up an authenticator app")
        SECOND_FACTOR_RESET = "SECOND_FACTOR_RESET", _("reset the second factor")
        ATTACHMENT_DOWNLOADED = "ATTACHMENT_DOWNLOADED", _("downloaded an attachment")
        REFERRAL_SENT = "REFERRAL_SENT", _("referred to a member organisation")
        REFERRAL_STEP = "REFERRAL_STEP", _("referral accepted, declined, updated or closed")
        EXTERNAL_REFERRAL = "EXTERNAL_REFERRAL", _("referred to a body outside the network")
        ORGANISATION_UPDATED = "ORGANISATION_UPDATED", _("changed its directory entry")
        ORGANISATION_CHANGED = "ORGANISATION_CHANGED", _("changed an organisation's entry")
        ORGANISATION_DELETED = "ORGANISATION_DELETED", _("deleted an organisation's entry")
        CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN", _("reporter withdrew consent to referral")
        CONTACT_WITHDRAWN = "CONTACT_WITHDRAWN", _("reporter withdrew consent to contact")
        CONTENT_DESTROYED = "CONTENT_DESTROYED", _("retention destroyed the content")
        INACTIVITY_WARNED = "INACTIVITY_WARNED", _("retention announced closing for inactivity")
        CLOSED_INACTIVE = "CLOSED_INACTIVE", _("retention closed the case after inactivity")
        STATISTICS_DRAFTED = "STATISTICS_DRAFTED", _("created a statistics draft")
        STATISTICS_UPDATED = "STATISTICS_UPDATED", _("changed a statistics draft")
        STATISTICS_PUBLISHED = "STATISTICS_PUBLISHED", _("approved and published statistics")
        STATISTICS_NEW_EDITION = "STATISTICS_NEW_EDITION", _("started a corrected edition")
        DEADLINE_RECORDED = "DEADLINE_RECORDED", _("recorded a deadline")
        DEADLINE_PAUSED = "DEADLINE_PAUSED", _("paused a deadline")
        DEADLINE_RESUMED = "DEADLINE_RESUMED", _("resumed a deadline")
        DEADLINE_CLOSED = "DEADLINE_CLOSED", _("closed a deadline")
        FOLLOW_UP_SET = "FOLLOW_UP_SET", _("set the follow-up date")
        FOLLOW_UP_CLEARED = "FOLLOW_UP_CLEARED", _("cleared the follow-up date")
        CASE_LINKED = "CASE_LINKED", _("linked the case to another case")
        CASE_UNLINKED = "CASE_UNLINKED", _("removed the case's link to another case")
        LINK_RECEIVED = "LINK_RECEIVED", _("linked another case to this case")
        LINK_REMOVED = "LINK_REMOVED", _("removed another case's link to this case")
        CASE_SHARED = "CASE_SHARED", _("shared an own case with the association")
        SHARE_ENDED = "SHARE_ENDED", _("sharing with the association ended")
        INSTITUTION_RECORDED = "INSTITUTION_RECORDED", _("recorded the institution responsible")
        INSTITUTION_REMOVED = "INSTITUTION_REMOVED", _("removed a recorded institution")
        INSTITUTION_MATCHED = (
            "INSTITUTION_MATCHED",
            _("looked for other cases naming the institution"),
        )
        MATCHING_KEY_GRANTED = (
            "MATCHING_KEY_GRANTED",
            _("gave organisations the institution matching key"),
        )
        STATISTICS_EXPORTED = "STATISTICS_EXPORTED", _("exported figures for funders")

    case = models.ForeignKey(Case, null=True, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The user an account or key event is about.",
    )
    organisation = models.ForeignKey(
        "reporting.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation a directory change in the admin or an export is about.",
    )
    other_case = models.ForeignKey(
        "reporting.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The other case a link event is about.",
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    # What an export covered, in codes: basis, first and last day, organisation.
    detail = models.CharField(max_length=80, blank=True)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A case's latest events: every opening of a case adds one.
        indexes = [models.Index(fields=["case", "-created_at", "-id"], name="event_case_latest")]

    def __str__(self) -> str:
        return f"{self.verb} on {self.case_id}"
