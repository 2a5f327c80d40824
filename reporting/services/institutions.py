"""Institutions named on cases, the matching across the network, and the matching key's
grants (issue 19; docs/security.md "Institution matching").

The name is sealed to the case's owner; only its keyed hash is compared. Each match
query writes an audit row; nothing is disclosed below the threshold of different
reporters (reporting.selectors.institutions.institution_matches).
"""

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import PrivateKey, keyed_hash, seal
from reporting.models import (
    AuditEvent,
    Case,
    InstitutionMention,
    MatchingKeyGrant,
)
from reporting.selectors.institutions import (
    InstitutionMatch,
    MentionRow,
    institution_matches,
    institution_mentions_of_case,
    keys_without_matching_grant,
    session_matching_key,
)
from reporting.selectors.keys import (
    NoAssociationKey,
    NoOrganisationKey,
    case_recipients,
)
from reporting.vocabulary.errors import DomainError, ServiceUnavailable, ValidationFailed
from reporting.vocabulary.institutions import (
    INSTITUTION_NAME_MAX,
    normalise_institution_name,
)
from reporting.vocabulary.taxonomy import District

ERROR_NAME_REQUIRED = _("Enter the institution's name.")
ERROR_NAME_TOO_LONG = _("Please keep the name under %(limit)s characters.")
ERROR_DISTRICT = _("Choose the district of the institution.")
ERROR_NO_MATCHING_KEY = _(
    "Your session holds no key from which the matching key can be derived or opened."
)


class MatchingKeyUnavailable(DomainError):
    code = "matching_key_unavailable"
    message = ERROR_NO_MATCHING_KEY
    status = 403


def institution_mention_record(
    *, case: Case, actor, name: str, district: str, matching_key: bytes | None
) -> InstitutionMention:
    """Record the institution responsible on `case`: the name sealed to the case's owner,
    the district clear, the keyed hash if the session holds the matching key (else the
    mention is kept and cannot be matched)."""
    name = " ".join(name.split())
    errors = {}
    if not normalise_institution_name(name):
        errors["name"] = [str(ERROR_NAME_REQUIRED)]
    elif len(name) > INSTITUTION_NAME_MAX:
        errors["name"] = [str(ERROR_NAME_TOO_LONG) % {"limit": INSTITUTION_NAME_MAX}]
    if district not in District.values:
        errors["district"] = [str(ERROR_DISTRICT)]
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        recipients = case_recipients(case)
    except (NoAssociationKey, NoOrganisationKey):
        raise ServiceUnavailable from None
    mention = InstitutionMention(
        case=case,
        district=district,
        name_hash=keyed_hash(matching_key, normalise_institution_name(name))
        if matching_key
        else "",
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    mention.name = seal(name.encode(), recipients=recipients, context=mention.context())
    with transaction.atomic():
        mention.save(force_insert=True)
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.INSTITUTION_RECORDED)
    return mention


@dataclass(frozen=True)
class CaseInstitutions:
    """What a case's institution panel shows its reader."""

    rows: list[MentionRow]
    matches: dict[object, InstitutionMatch]  # by mention id
    matching_available: bool  # the reader's keys yield the matching key


def case_institutions_read(*, case: Case, keys: list[PrivateKey], actor) -> CaseInstitutions:
    """The case's institutions with their names opened by `keys`; the names recorded
    without the matching key are hashed now if `keys` yield it; then the match query
    (audited, `institution_match_check`)."""
    matching_key = session_matching_key(keys)
    rows = institution_mentions_of_case(case, keys)
    if matching_key is not None:
        rows = _hash_missing(rows, matching_key)
    matches = (
        institution_match_check(case=case, actor=actor)
        if any(row.matchable for row in rows)
        else {}
    )
    return CaseInstitutions(rows, matches, matching_available=matching_key is not None)


def _hash_missing(rows: list[MentionRow], matching_key: bytes) -> list[MentionRow]:
    """Store the keyed hash of the mentions recorded by someone whose session held no
    matching key: from now on they take part in matching."""
    hashed = []
    for row in rows:
        if not row.matchable:
            row.mention.name_hash = keyed_hash(matching_key, normalise_institution_name(row.name))
            InstitutionMention.objects.filter(pk=row.mention.pk, name_hash="").update(
                name_hash=row.mention.name_hash
            )
            row = replace(row, matchable=True)
        hashed.append(row)
    return hashed


def institution_mention_remove(*, mention: InstitutionMention, actor) -> None:
    """Remove a recorded institution (recorded by mistake); its sealed name goes too."""
    with transaction.atomic():
        if InstitutionMention.objects.filter(pk=mention.pk).delete()[0]:
            AuditEvent.objects.create(
                case_id=mention.case_id, actor=actor, verb=AuditEvent.Verb.INSTITUTION_REMOVED
            )


def institution_match_check(*, case: Case, actor) -> dict[object, InstitutionMatch]:
    """Which other cases in the network name the institutions of `case` (as far as the
    threshold allows telling); audited, once per query, whatever the answer."""
    with transaction.atomic():
        matches = institution_matches(case)
        if matches:
            AuditEvent.objects.create(
                case=case, actor=actor, verb=AuditEvent.Verb.INSTITUTION_MATCHED
            )
    return matches


def matching_key_grants_write(*, keys: list[PrivateKey], actor=None, organisation_keys=None) -> int:
    """Seal the matching key to `organisation_keys` (default: every active organisation
    key that has no grant yet).

    Only someone whose `keys` yield the matching key can do it: a logged-in
    administrator holding the association's key, `manage.py keys grant-matching`
    with its recovery code, or a key rotation with the old keys. Returns the number of
    grants written."""
    matching_key = session_matching_key(keys)
    if matching_key is None:
        raise MatchingKeyUnavailable
    if organisation_keys is None:
        organisation_keys = keys_without_matching_grant()
    written = 0
    with transaction.atomic():
        for organisation_key in organisation_keys:
            grant = MatchingKeyGrant(organisation_key=organisation_key, granted_by=actor)
            grant.sealed_matching_key = seal(
                matching_key, recipients=[organisation_key.public], context=grant.context()
            )
            grant.save(force_insert=True)
            written += 1
        if written:
            AuditEvent.objects.create(actor=actor, verb=AuditEvent.Verb.MATCHING_KEY_GRANTED)
    return written
