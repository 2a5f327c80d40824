from reporting.crypto import PublicKey
from reporting.models import Organisation, OrganisationKey


class NoAssociationKey(Exception):
    """The association has no active key: nothing can be sealed."""


def association_public_keys() -> list[PublicKey]:
    """Every active key of the association; new content is sealed to all of them."""
    keys = [
        k.public
        for k in OrganisationKey.objects.filter(
            organisation__kind=Organisation.Kind.ASSOCIATION, is_active=True
        )
    ]
    if not keys:
        raise NoAssociationKey
    return keys
