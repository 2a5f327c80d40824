"""`manage.py keys grant-matching`: the recovery code of the association's first key
seals the institution matching key to every organisation key without it."""

import pytest
from django.core.management import CommandError, call_command

from reporting.crypto import derive_matching_key
from reporting.models import MatchingKeyGrant
from reporting.selectors.institutions import session_matching_key

pytestmark = pytest.mark.django_db


def test_grant_matching_needs_the_recovery_code(
    make_member, association_keyring, association_private_key, monkeypatch, capsys
):
    member = make_member("Beratung Nord (fiktiv)", partner=False)
    monkeypatch.setattr("reporting.management.commands.keys.getpass", lambda prompt: "WRONG")
    with pytest.raises(CommandError):
        call_command("keys", "grant-matching")
    assert not MatchingKeyGrant.objects.exists()
    monkeypatch.setattr(
        "reporting.management.commands.keys.getpass",
        lambda prompt: association_keyring.recovery_code,
    )
    call_command("keys", "grant-matching")
    assert "to 1 organisation key" in capsys.readouterr().out
    assert session_matching_key([member.private_key]) == derive_matching_key(
        association_private_key
    )
