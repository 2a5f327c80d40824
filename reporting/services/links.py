"""Linked cases: reports about the same incident (three witnesses of one attack), and
duplicates of a report already received.

A case links to the *lead* of its incident (`Case.linked_to`), never to a case that is
itself linked: linking to a linked case links to its lead, and the cases linked to a
case that becomes linked move to the new lead, so there is never a chain. The
statistics read the link from the case's own row (COUNTS_AS_REPORT, COUNTS_AS_INCIDENT),
so linking and unlinking move the linked case's tallies through the one writer of a
case's counted columns (reporting/services/cases.py, `_case_write`), in one
transaction with the audit rows on both cases.

Cases of different owners (`Case.member_organisation`: the association's own or a
member organisation's) are linked only where both reporters consented to their
report being passed on: a link shows each side that the other case exists. The
association's caseworkers never see a member organisation's case, except one the
organisation shared with the association (an active `CaseShare`, itself only with the
reporter's consent): that case they may link to one of the association's own, and see
its number and codes, never its content. One side of every link across owners is the
association's: two member organisations never learn of each other's cases. When the
sharing ends the links across owners end with it (reporting/services/shares.py,
docs/decisions.md).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from reporting.models import AuditEvent, Case, CaseLink, CaseShare
from reporting.selectors.links import linkable_by
from reporting.services.cases import _case_write
from reporting.vocabulary.errors import Conflict, DomainError, ValidationFailed

ERROR_LINK_KIND = _("Choose whether it is the same incident or a duplicate.")


class CaseNotVisible(DomainError):
    """The same answer for a case that does not exist and one the user may not see."""

    code = "not_found"
    message = _("There is no case with this number that you may see.")
    status = 404


class LeadNotVisible(DomainError):
    """The other case of a link: the same answer whether it does not exist or may not be
    seen; a field error, since the case itself was found."""

    code = "lead_not_found"
    message = CaseNotVisible.message

    def __init__(self):
        super().__init__(fields={"lead": [str(self.message)]})


class LinkToItself(DomainError):
    code = "link_to_itself"
    message = _("A case cannot be linked to itself.")


class LinkCycle(DomainError):
    code = "link_cycle"
    message = _(
        "That case is already linked to this one. Remove that link first, or link the "
        "other case to this one."
    )


class LinkNeedsConsent(DomainError):
    code = "link_needs_consent"
    message = _(
        "Cases of different organisations can be linked only if both reporters consented "
        "to passing on their report."
    )


class LinkWithinMember(DomainError):
    code = "link_within_member"
    message = _(
        "A member organisation links its own cases itself; link its shared case to one "
        "of the association's cases."
    )


class NotLinked(DomainError):
    code = "not_linked"
    message = _("This case is not linked to another case.")


def case_link(*, case: Case, lead: Case, kind: str, actor, expected_version: int) -> Case:
    """Link `case` to the incident of `lead` (CaseLink.SAME_INCIDENT) or mark it a
    duplicate of it (CaseLink.DUPLICATE). Links to the lead of `lead`'s incident, moves
    the cases linked to `case` there too, and audits the link on `case`, each moved case
    and the lead. Returns the lead."""
    if kind not in CaseLink.values:
        raise ValidationFailed(fields={"kind": [str(ERROR_LINK_KIND)]})
    if lead.pk == case.pk:
        raise LinkToItself(fields={"lead": [str(LinkToItself.message)]})
    with transaction.atomic():
        visible = linkable_by(actor)
        # Locked in key order, so two links at once cannot deadlock.
        rows = {
            row.pk: row
            for row in visible.select_for_update(of=("self",))
            .filter(pk__in=[case.pk, lead.pk])
            .select_related("report")
            .order_by("pk")
        }
        if case.pk not in rows:
            raise CaseNotVisible
        if lead.pk not in rows:
            raise LeadNotVisible
        if rows[case.pk].version != expected_version:
            raise Conflict
        target = rows[lead.pk]
        if target.linked_to_id is not None:
            target = (
                visible.select_for_update(of=("self",))
                .select_related("report")
                .filter(pk=target.linked_to_id)
                .first()
            )
            if target is None:  # the lead is another owner's, not shown to this user
                raise LeadNotVisible
        if target.pk == case.pk:
            raise LinkCycle(fields={"lead": [str(LinkCycle.message)]})
        if not _own_side(actor, case, target):
            raise LinkWithinMember(fields={"lead": [str(LinkWithinMember.message)]})
        followers = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("report")
            .filter(linked_to=case)
        )
        for linked in [rows[case.pk], *followers]:
            _check_consent(linked, target)
        before = rows[case.pk].linked_to_id
        if (before, rows[case.pk].link_kind) != (target.pk, kind):
            _case_write(
                case,
                expected_version=expected_version,
                changes={"linked_to": target, "link_kind": kind},
                event={"actor": actor, "verb": AuditEvent.Verb.CASE_LINKED, "other_case": target},
            )
            if before != target.pk:
                _audit_other(target.pk, AuditEvent.Verb.LINK_RECEIVED, case, actor)
            if before is not None and before != target.pk:
                _audit_other(before, AuditEvent.Verb.LINK_REMOVED, case, actor)
        for follower in followers:
            _case_write(
                follower,
                expected_version=None,
                changes={"linked_to": target},
                event={"actor": actor, "verb": AuditEvent.Verb.CASE_LINKED, "other_case": target},
            )
            _audit_other(target.pk, AuditEvent.Verb.LINK_RECEIVED, follower, actor)
            _audit_other(case.pk, AuditEvent.Verb.LINK_REMOVED, follower, actor)
    return target


def _audit_other(case_id: int, verb: str, other: Case, actor) -> None:
    """The audit row of the case on the other end of a link: which case came or went."""
    AuditEvent.objects.create(case_id=case_id, actor=actor, verb=verb, other_case=other)


def _check_consent(case: Case, lead: Case) -> None:
    """Both sides' consent to share, where the two cases have different owners: both
    reporters consented to passing on (and did not withdraw it), the member
    organisation's case is shared with the association, and the other case is the
    association's (two member organisations' cases are never linked)."""
    if case.member_organisation_id == lead.member_organisation_id:
        return
    if case.member_organisation_id is not None and lead.member_organisation_id is not None:
        raise LinkNeedsConsent
    for side in (case, lead):
        report = side.report
        if not report.consent_referral or report.consent_referral_withdrawn_on:
            raise LinkNeedsConsent
        if side.member_organisation_id is not None and not _shared(side):
            raise LinkNeedsConsent


def _own_side(actor, case: Case, lead: Case) -> bool:
    """Whether one of the two cases is one `actor` sees as their own (not only shared
    with them): the association links a shared case to its own, never two of a member
    organisation's cases to each other."""
    return Case.objects.visible_to(actor).filter(pk__in=[case.pk, lead.pk]).exists()


def _shared(case: Case) -> bool:
    return CaseShare.objects.filter(case_id=case.pk, ended_at__isnull=True).exists()


def case_unlink(*, case: Case, actor, expected_version: int) -> Case:
    """Make `case` a report and an incident of its own again; audited on both cases.
    Returns the case it was linked to."""
    with transaction.atomic():
        stored = linkable_by(actor).select_for_update().filter(pk=case.pk).first()
        if stored is None:
            raise CaseNotVisible
        if stored.version != expected_version:
            raise Conflict
        if stored.linked_to_id is None:
            raise NotLinked
        if not _own_side(actor, stored, Case(pk=stored.linked_to_id)):
            raise CaseNotVisible  # a member organisation's own link, not the association's
        lead = Case.objects.get(pk=stored.linked_to_id)
        _unlink_row(case, lead, actor, expected_version=expected_version)
    return lead


def case_links_across_owners_end(*, case: Case, actor) -> int:
    """The links between `case` and cases of other owners end (its sharing ended):
    each case is a report and an incident of its own again, audited on both cases.
    Returns how many links ended. Inside the caller's transaction."""
    stored = Case.objects.select_for_update().get(pk=case.pk)
    ended = 0
    if stored.linked_to_id is not None:
        lead = Case.objects.get(pk=stored.linked_to_id)
        if lead.member_organisation_id != stored.member_organisation_id:
            _unlink_row(stored, lead, actor)
            ended += 1
    others = (
        Case.objects.select_for_update()
        .filter(linked_to_id=stored.pk)
        .exclude(member_organisation_id=stored.member_organisation_id)
    )
    for other in others:
        _unlink_row(other, stored, actor)
        ended += 1
    return ended


def _unlink_row(case: Case, lead: Case, actor, *, expected_version: int | None = None) -> None:
    _case_write(
        case,
        expected_version=expected_version,
        changes={"linked_to": None, "link_kind": ""},
        event={"actor": actor, "verb": AuditEvent.Verb.CASE_UNLINKED, "other_case": lead},
    )
    _audit_other(lead.pk, AuditEvent.Verb.LINK_REMOVED, case, actor)
