from performance.compiled import compiled_query
from reporting.crypto import PublicKey
from reporting.models import Organisation, OrganisationKey
from reporting.vocabulary.errors import NoOwnKey


class NoAssociationKey(Exception):
    """The association has no active key: nothing can be sealed."""


class NoOrganisationKey(NoOwnKey):
    """A member organisation has no active key: nothing of its own can be sealed (a
    domain error: the caseworker is told to ask for one, not shown a crash)."""


@compiled_query(OrganisationKey)
def _active_association_keys():
    return OrganisationKey.objects.filter(
        organisation__kind=Organisation.Kind.ASSOCIATION, is_active=True
    ).values_list("public_key")


def association_public_keys() -> list[PublicKey]:
    """Every active key of the association; new content is sealed to all of them.

    Read from the database on every call (never cached): after `keys rotate`, new
    content must be sealed to the new key at once.
    """
    keys = [PublicKey(bytes(raw)) for (raw,) in _active_association_keys()]
    if not keys:
        raise NoAssociationKey
    return keys


def referral_recipients(organisation: Organisation) -> list[PublicKey]:
    """Who can open what a referral says: the receiving organisation's active keys and
    the association's."""
    keys = OrganisationKey.objects.filter(organisation=organisation, is_active=True)
    return [*(key.public for key in keys), *association_public_keys()]


def case_recipients(case) -> list[PublicKey]:
    """Who can open what is written on `case`: the association, or for a member
    organisation's own case that organisation alone (DESIGN §9)."""
    if case.member_organisation_id is None:
        return association_public_keys()
    return organisation_public_keys(case.member_organisation_id)


def organisation_public_keys(organisation_id: int) -> list[PublicKey]:
    """The active keys of one organisation (a member organisation's own content is sealed
    to all of them)."""
    keys = [
        PublicKey(bytes(raw))
        for (raw,) in OrganisationKey.objects.filter(
            organisation_id=organisation_id, is_active=True
        ).values_list("public_key")
    ]
    if not keys:
        raise NoOrganisationKey
    return keys
