from performance.compiled import compiled_query
from reporting.crypto import PublicKey
from reporting.models import Organisation, OrganisationKey


class NoAssociationKey(Exception):
    """The association has no active key: nothing can be sealed."""


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
