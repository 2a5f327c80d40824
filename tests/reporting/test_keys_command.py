import pytest
from django.core.management import CommandError, call_command

from reporting.models import KeyGrant, OrganisationKey
from reporting.vocabulary.roles import Role

pytestmark = pytest.mark.django_db


def test_init_prints_the_recovery_code_once(capsys, monkeypatch):
    from reporting.services import keys
    from tests.factories import FAST_KDF

    monkeypatch.setattr(keys, "RECOVERY_KDF", FAST_KDF)
    call_command("keys", "init")
    assert "RECOVERY CODE" in capsys.readouterr().out
    call_command("keys", "init", "--if-missing")
    assert "RECOVERY CODE" not in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("keys", "init")
    assert OrganisationKey.objects.count() == 1


def test_recover_grants_with_the_code(make_staff, association_keyring, monkeypatch):
    user = make_staff(Role.CASEWORKER, grant=False)
    monkeypatch.setattr("reporting.management.commands.keys.getpass", lambda prompt: "WRONG")
    with pytest.raises(CommandError):
        call_command("keys", "recover", "--user", user.username)
    monkeypatch.setattr(
        "reporting.management.commands.keys.getpass",
        lambda prompt: association_keyring.recovery_code,
    )
    call_command("keys", "recover", "--user", user.username)
    assert KeyGrant.objects.filter(user=user).exists()


def test_member_organisation_onboarding(make_staff, association_keyring, monkeypatch, capsys):
    from reporting.models import Organisation
    from reporting.services import keys
    from tests.factories import FAST_KDF

    monkeypatch.setattr(keys, "RECOVERY_KDF", FAST_KDF)
    Organisation.objects.create(name="Beratung Nord (fiktiv)", kind=Organisation.Kind.MEMBER)
    call_command("keys", "init-organisation", "--name", "Beratung Nord (fiktiv)")
    code = capsys.readouterr().out.split("RECOVERY CODE")[1].split("\n\n")[1].strip()
    partner = make_staff(
        Role.PARTNER,
        organisation=Organisation.objects.get(name="Beratung Nord (fiktiv)"),
        grant=False,
    )
    monkeypatch.setattr("reporting.management.commands.keys.getpass", lambda prompt: code)
    call_command(
        "keys", "recover", "--user", partner.username, "--organisation", "Beratung Nord (fiktiv)"
    )
    assert (
        KeyGrant.objects.get(user=partner).organisation_key.organisation.name
        == "Beratung Nord (fiktiv)"
    )
