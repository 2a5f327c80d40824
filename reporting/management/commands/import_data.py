from django.core.management.base import BaseCommand, CommandError

from reporting.services.handover import HandoverError, count_lines, import_data


class Command(BaseCommand):
    help = (
        "Import an export_data directory into an empty, migrated database (before "
        "`keys init`). Checks every SHA-256 first; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="The directory export_data wrote.")

    def handle(self, *args, input, **options):
        try:
            result = import_data(input)
        except HandoverError as error:
            raise CommandError(str(error)) from None
        for line in count_lines(result):
            self.stdout.write(line)
        self.stdout.write(
            "\nImported. Next: create staff (`manage.py staff create`) and grant them the "
            "association key with its recovery code (`manage.py keys recover --user NAME`)."
        )
