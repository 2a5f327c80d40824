import sys
from getpass import getpass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reporting.crypto import DecryptionError
from reporting.models import Organisation, OrganisationKey
from reporting.selectors.institutions import matching_source_key
from reporting.services.institutions import matching_key_grants_write
from reporting.services.keys import (
    KeyringExists,
    association_keyring_create,
    organisation_key_create,
    organisation_key_recover,
)
from reporting.services.staff_keys import key_grant, organisation_key_rotate

_LINE = "=" * 72


class Command(BaseCommand):
    help = "Manage the encryption keys (init, recover, grant-matching, rotate)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="Create the association and its first key pair.")
        init.add_argument(
            "--name", help="Name of the association (default: MELDESTELLE_OPERATOR_NAME)."
        )
        init.add_argument(
            "--if-missing", action="store_true", help="Do nothing if a key already exists."
        )
        recover = sub.add_parser(
            "recover", help="Grant the active association key to a user, with the recovery code."
        )
        recover.add_argument("--user", required=True)
        recover.add_argument(
            "--organisation", help="Member organisation name (default: the association)."
        )
        recover.add_argument(
            "--code-stdin", action="store_true", help="Read the recovery code from stdin."
        )
        member = sub.add_parser(
            "init-organisation",
            help="Create the key pair of a member organisation (created in the admin first).",
        )
        member.add_argument("--name", required=True)
        matching = sub.add_parser(
            "grant-matching",
            help="Seal the institution matching key to every organisation key without it "
            "(asks the recovery code of the association's first key).",
        )
        matching.add_argument(
            "--code-stdin", action="store_true", help="Read the recovery code from stdin."
        )
        sub.add_parser(
            "rotate",
            help="New association key; re-wrap every data key to it (recovery codes asked).",
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action.replace('-', '_')}")(options)

    def _init_organisation(self, options):
        organisation = Organisation.objects.filter(
            name=options["name"], kind=Organisation.Kind.MEMBER
        ).first()
        if organisation is None:
            raise CommandError("No member organisation has this name (create it in the admin).")
        if organisation.keys.filter(is_active=True).exists():
            raise CommandError("This organisation has a key already.")
        created = organisation_key_create(organisation=organisation)
        self._print_recovery_code(created.key, created.recovery_code)
        self.stdout.write(
            "Give the recovery code to the organisation's key holder; then create its partner "
            "accounts (`staff create --role partner --organisation …`) or the caseworkers of "
            "its own cases (`--role member_caseworker`) and grant the key with "
            "`keys recover --user … --organisation …`."
        )

    def _print_recovery_code(self, key, code):
        self.stdout.write(
            f"{_LINE}\nRECOVERY CODE for the association key {key.key_id}:\n\n    {code}\n\n"
            "It is shown only this once. Print it, store it offline (a safe), and never\n"
            f"type it into anything but `manage.py keys`. Without it a lost key is lost.\n{_LINE}"
        )

    def _init(self, options):
        name = options["name"] or settings.OPERATOR["name"]
        if not name:
            raise CommandError("Name the association: --name or MELDESTELLE_OPERATOR_NAME.")
        try:
            created = association_keyring_create(name=name)
        except KeyringExists:
            if options["if_missing"]:
                self.stdout.write("The association key exists already; nothing to do.")
                return
            raise CommandError("The association already has a key.") from None
        self._print_recovery_code(created.key, created.recovery_code)

    def _active_key(self, organisation_name: str | None = None) -> OrganisationKey:
        keys = OrganisationKey.objects.filter(is_active=True)
        keys = (
            keys.filter(organisation__name=organisation_name)
            if organisation_name
            else keys.filter(organisation__kind=Organisation.Kind.ASSOCIATION)
        )
        key = keys.first()
        if key is None:
            raise CommandError(
                "That organisation has no key: run `keys init` / `init-organisation`."
            )
        return key

    def _open(self, key: OrganisationKey, *, from_stdin: bool = False):
        code = (
            sys.stdin.readline().strip()
            if from_stdin
            else getpass(f"Recovery code of key {key.key_id}: ")
        )
        try:
            return organisation_key_recover(key=key, recovery_code=code)
        except DecryptionError:
            raise CommandError("This recovery code does not open the key.") from None

    def _recover(self, options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not hasattr(user, "key"):
            raise CommandError("No staff user with a key pair has this name.")
        key = self._active_key(options["organisation"])
        private = self._open(key, from_stdin=options["code_stdin"])
        key_grant(organisation_key=key, private_key=private, user=user)
        self.stdout.write(f"Granted key {key.key_id} to {user.get_username()}.")

    def _grant_matching(self, options):
        source = matching_source_key()
        if source is None:
            raise CommandError("The association has no key: run `keys init`.")
        private = self._open(source, from_stdin=options["code_stdin"])
        written = matching_key_grants_write(keys=[private])
        self.stdout.write(f"Sealed the matching key to {written} organisation key(s).")

    def _rotate(self, options):
        keys = OrganisationKey.objects.filter(organisation__kind=Organisation.Kind.ASSOCIATION)
        old_private = [self._open(key) for key in keys]
        association = Organisation.objects.get(kind=Organisation.Kind.ASSOCIATION)
        created = organisation_key_rotate(organisation=association, old_keys=old_private)
        self._print_recovery_code(created.key, created.recovery_code)
        self.stdout.write("Grant the new key to staff again (`keys recover --user …`).")
