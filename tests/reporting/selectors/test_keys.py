"""association_public_keys runs SQL compiled once per process: same keys, same order."""

import pytest

from reporting.models import Organisation, OrganisationKey
from reporting.selectors.keys import NoAssociationKey, association_public_keys
from reporting.services.keys import organisation_key_create
from tests.factories import FAST_KDF

pytestmark = pytest.mark.django_db


def orm_keys():
    return [
        key.public
        for key in OrganisationKey.objects.filter(
            organisation__kind=Organisation.Kind.ASSOCIATION, is_active=True
        )
    ]


def test_active_association_keys_newest_first(association_keyring, make_member):
    association = association_keyring.key.organisation
    second = organisation_key_create(organisation=association, kdf=FAST_KDF).key
    retired = organisation_key_create(organisation=association, kdf=FAST_KDF).key
    retired.is_active = False
    retired.save()
    make_member("Partner e. V.")  # a member's key never seals association content

    keys = association_public_keys()
    assert keys == orm_keys()
    assert [k.raw for k in keys] == [
        bytes(second.public_key),
        bytes(association_keyring.key.public_key),
    ]


def test_a_rotated_key_is_used_at_once(association_keyring, django_assert_num_queries):
    with django_assert_num_queries(1):
        before = association_public_keys()
    added = organisation_key_create(organisation=association_keyring.key.organisation, kdf=FAST_KDF)
    assert association_public_keys() == [added.key.public, *before]


def test_no_active_key(association_keyring):
    OrganisationKey.objects.update(is_active=False)
    with pytest.raises(NoAssociationKey):
        association_public_keys()
