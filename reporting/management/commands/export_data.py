from django.core.management.base import BaseCommand, CommandError

from reporting.services.handover import HandoverError, count_lines, export_data


class Command(BaseCommand):
    help = (
        "Export everything needed to continue the service (hand-over to another data "
        "controller) into a new directory: JSON lines per table (sealed values in base64) "
        "and a manifest with counts and SHA-256 sums. Nothing is decrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="A new or empty directory.")

    def handle(self, *args, output, **options):
        try:
            result = export_data(output)
        except HandoverError as error:
            raise CommandError(str(error)) from None
        for line in count_lines(result):
            self.stdout.write(line)
        self.stdout.write(
            f"\nExported to {result.directory}\n"
            f"SHA-256 of manifest.json: {result.manifest_sha256}\n"
            "Tell the receiver this checksum by another channel (phone). They also need the\n"
            "recovery codes (paper, in person) and MELDESTELLE_RECEIPT_SALT; see\n"
            "docs/operations.md, hand-over."
        )
