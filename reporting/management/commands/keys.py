from django.core.management.base import BaseCommand, CommandError

from reporting.services.keys import KeyringExists, association_keyring_create

ASSOCIATION_NAME = "Dachverband (Demo)"


class Command(BaseCommand):
    help = "Manage the association's encryption keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="Create the association and its first key pair.")
        init.add_argument("--name", default=ASSOCIATION_NAME)
        init.add_argument(
            "--if-missing", action="store_true", help="Do nothing if a key already exists."
        )

    def handle(self, *args, action, **options):
        if action == "init":
            self._init(options)

    def _init(self, options):
        try:
            created = association_keyring_create(name=options["name"])
        except KeyringExists:
            if options["if_missing"]:
                self.stdout.write("The association key exists already; nothing to do.")
                return
            raise CommandError("The association already has a key.") from None
        line = "=" * 72
        self.stdout.write(
            f"{line}\nRECOVERY CODE for the association key {created.key.key_id}:\n\n"
            f"    {created.recovery_code}\n\n"
            "It is shown only this once. Print it, store it offline (a safe), and never\n"
            f"type it into anything but `manage.py keys`. Without it a lost key is lost.\n{line}"
        )
