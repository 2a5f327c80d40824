"""Institutions named on a case, the matching key a session holds, and what the
matching may disclose (issue 19). Nothing here opens another owner's mention: the
matching reads their clear columns (hash, district, owner, link) only."""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery

from reporting.crypto import DecryptionError, PrivateKey, derive_matching_key, open_sealed
from reporting.models import (
    Case,
    CaseLink,
    CaseStatus,
    InstitutionMention,
    Organisation,
    OrganisationKey,
)
from reporting.vocabulary.errors import KeysLocked
from reporting.vocabulary.taxonomy import District


def matching_source_key() -> OrganisationKey | None:
    """The association key the matching key is derived from: its first one, so that the
    matching key (and every hash made with it) survives key rotation."""
    return (
        OrganisationKey.objects.filter(organisation__kind=Organisation.Kind.ASSOCIATION)
        .order_by("created_at", "id")
        .first()
    )


def session_matching_key(keys: list[PrivateKey]) -> bytes | None:
    """The matching key from the organisation keys a session holds: derived from the
    association's first key, or opened from a grant sealed to one of the keys. None when
    neither is there (no grant yet): recording works, matching does not. One query."""
    if not keys:
        return None
    held = {key.public_key().key_id.hex(): key for key in keys}
    first = (
        OrganisationKey.objects.filter(organisation__kind=Organisation.Kind.ASSOCIATION)
        .order_by("created_at", "id")
        .values("pk")[:1]
    )
    rows = (
        OrganisationKey.objects.filter(key_id__in=held)
        .filter(Q(pk=Subquery(first)) | Q(matching_key_grant__isnull=False))
        .annotate(source_pk=Subquery(first))
        .select_related("matching_key_grant")
    )
    rows = sorted(rows, key=lambda row: row.pk != row.source_pk)  # the source first
    for row in rows:
        if row.pk == row.source_pk:
            return derive_matching_key(held[row.key_id])
        grant = row.matching_key_grant
        try:
            return open_sealed(
                bytes(grant.sealed_matching_key), keys=held[row.key_id], context=grant.context()
            )
        except DecryptionError:
            continue
    return None


def keys_without_matching_grant() -> QuerySet[OrganisationKey]:
    """Active organisation keys whose holders cannot open the matching key yet (the
    association's first key derives it and needs none)."""
    source = matching_source_key()
    keys = OrganisationKey.objects.filter(is_active=True, matching_key_grant__isnull=True)
    if source is not None:
        keys = keys.exclude(pk=source.pk)
    return keys.select_related("organisation").order_by("organisation__name", "id")


@dataclass(frozen=True)
class InstitutionMatch:
    """What a caseworker may learn about one institution named on their case."""

    # The threshold was reached and other owners' cases name it; else nothing is told
    # (not even whether there is one other case).
    disclosed: bool = False
    other_cases: int = 0  # different reporters among the other owners' cases
    organisations: list[str] = field(default_factory=list)  # whom to contact
    own_cases: list[int] = field(default_factory=list)  # the owner's other cases naming it


@dataclass(frozen=True)
class MentionRow:
    mention: InstitutionMention
    name: str
    district_label: str
    matchable: bool  # its keyed hash is stored


def institution_mentions_of_case(case: Case, keys: list[PrivateKey]) -> list[MentionRow]:
    """The case's institutions with their names opened (KeysLocked if no key opens them)."""
    rows = []
    for mention in InstitutionMention.objects.filter(case=case):
        try:
            name = open_sealed(bytes(mention.name), keys=keys, context=mention.context()).decode()
        except DecryptionError:
            raise KeysLocked from None
        rows.append(
            MentionRow(
                mention=mention,
                name=name,
                district_label=str(District(mention.district).label),
                matchable=bool(mention.name_hash),
            )
        )
    return rows


def mention_of_case(case: Case, mention_id) -> InstitutionMention | None:
    """One mention of `case`; None for another case's or a malformed id."""
    try:
        mention_id = uuid.UUID(str(mention_id))
    except ValueError:
        return None
    return InstitutionMention.objects.filter(case=case, pk=mention_id).first()


def _reporter(case_id: int, link_kind: str, linked_to_id: int | None) -> int:
    """Who reported: a duplicate repeats its lead case's reporter."""
    return linked_to_id if link_kind == CaseLink.DUPLICATE and linked_to_id else case_id


def institution_matches(case: Case) -> dict:
    """mention id -> InstitutionMatch, for the case's mentions recorded with the key.

    Counted over the clear columns of every other case's mentions with the same hash
    and district, spam left out. Disclosed only when at least
    INSTITUTION_MATCH_THRESHOLD different reporters name the institution (this case's
    included) and cases of other owners are among them.
    """
    own = [m for m in InstitutionMention.objects.filter(case=case) if m.name_hash]
    if not own:
        return {}
    rows = list(
        InstitutionMention.objects.filter(name_hash__in={m.name_hash for m in own})
        .exclude(case_id=case.pk)
        .exclude(case__excluded_as=CaseStatus.SPAM)
        .values_list(
            "name_hash",
            "district",
            "case_id",
            "case__member_organisation_id",
            "case__link_kind",
            "case__linked_to_id",
        )
    )
    owner = case.member_organisation_id
    me = _reporter(case.pk, case.link_kind, case.linked_to_id)
    names = _owner_names({row[3] for row in rows if row[3] != owner})
    matches = {}
    for mention in own:
        same = [r for r in rows if r[0] == mention.name_hash and r[1] == mention.district]
        reporters = {me} | {_reporter(r[2], r[4], r[5]) for r in same}
        others = [r for r in same if r[3] != owner]
        other_reporters = {_reporter(r[2], r[4], r[5]) for r in others} - {me}
        own_cases = sorted({r[2] for r in same if r[3] == owner})
        if len(reporters) >= settings.INSTITUTION_MATCH_THRESHOLD and other_reporters:
            matches[mention.pk] = InstitutionMatch(
                disclosed=True,
                other_cases=len(other_reporters),
                organisations=sorted({names[r[3]] for r in others}),
                own_cases=own_cases,
            )
        else:
            matches[mention.pk] = InstitutionMatch(own_cases=own_cases)
    return matches


def _owner_names(owner_ids: set) -> dict:
    """Owner id (None: the association) -> the organisation's name."""
    kinds = Organisation.objects.filter(pk__in={i for i in owner_ids if i is not None})
    names = {organisation.pk: organisation.name for organisation in kinds}
    if None in owner_ids:
        association = Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).first()
        names[None] = association.name if association else ""
    return names
