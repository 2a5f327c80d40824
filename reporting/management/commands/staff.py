import base64
import sys
from getpass import getpass

from django.core.management.base import BaseCommand, CommandError

from reporting.models import Organisation
from reporting.services.staff_accounts import staff_create
from reporting.vocabulary.roles import Role


class Command(BaseCommand):
    help = "Create a staff account with its key pair and second factor."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--username", required=True)
        create.add_argument("--role", action="append", choices=Role.values, required=True)
        create.add_argument(
            "--organisation", help="Member organisation name (default: the association)."
        )
        create.add_argument(
            "--email", default="", help="Where content-free notifications of new work go."
        )
        create.add_argument(
            "--password-stdin", action="store_true", help="Read the password from stdin."
        )

    def handle(self, *args, action, **options):
        organisation = (
            Organisation.objects.filter(name=options["organisation"]).first()
            if options["organisation"]
            else Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).first()
        )
        if organisation is None:
            raise CommandError("No such organisation (run `keys init` for the association).")
        password = (
            sys.stdin.readline().rstrip("\n")
            if options["password_stdin"]
            else getpass("Password: ")
        )
        if len(password) < 12:
            raise CommandError("The password needs at least 12 characters.")
        user, totp, codes = staff_create(
            username=options["username"],
            password=password,
            organisation=organisation,
            roles=[Role(r) for r in options["role"]],
            email=options["email"],
        )
        secret = base64.b32encode(totp.bin_key).decode()
        self.stdout.write(
            f"Created {user.get_username()} ({', '.join(options['role'])}) at {organisation}.\n"
            f"TOTP secret (enter it in an authenticator app): {secret}\n"
            f"Backup codes (each works once): {' '.join(codes)}\n"
            "Keys: grant with `manage.py keys recover --user NAME` (or by an administrator)."
        )
        if Role.ADMINISTRATOR in options["role"] and not user.is_superuser:
            self.stdout.write(
                "Note: only administrators of the association get the Django admin; "
                "this administrator of a member organisation has no admin access."
            )
