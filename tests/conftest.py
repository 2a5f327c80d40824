import pytest
from django.core.cache import cache

from reporting.services.keys import association_keyring_create, organisation_key_recover
from tests.factories import FAST_KDF


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def association_keyring(db):
    """The association with one key; `.recovery_code` opens its private key."""
    return association_keyring_create(name="Test-Dachverband", kdf=FAST_KDF)


@pytest.fixture
def association_private_key(association_keyring):
    return organisation_key_recover(
        key=association_keyring.key, recovery_code=association_keyring.recovery_code
    )
