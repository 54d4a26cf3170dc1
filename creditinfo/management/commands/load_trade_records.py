"""Load trade records for the buyer finder from a CSV file (UTF-8, header row).

Columns: importer_name, importer_country, hs_code, product_name, trade_date (YYYY-MM-DD),
weight_kg, value_usd, origin_country, contact_known (1/0, yes/no); optional importer_address,
importer_contact. Bad rows are reported with their line number and skipped.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from creditinfo.services import trade_csv_rows, trade_records_import
from sinosure_portal.base.errors import DomainError


class Command(BaseCommand):
    help = "Load trade records (importer, country, HS code, product, date, weight, value, origin) from CSV."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file, or - for standard input")
        parser.add_argument("--sample", action="store_true", help="mark new importers as sample data")

    def handle(self, *args, **options):
        import sys

        path = options["path"]
        try:
            if path == "-":
                report = trade_records_import(trade_csv_rows(sys.stdin), is_sample=options["sample"])
            else:
                file = Path(path)
                if not file.exists():
                    raise CommandError(f"no such file: {path}")
                with file.open(encoding="utf-8-sig", newline="") as stream:
                    report = trade_records_import(trade_csv_rows(stream), is_sample=options["sample"])
        except DomainError as error:
            raise CommandError(error.message) from error
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.loaded} trade records loaded, {report.rejected} rejected, "
                f"{report.importers_created} new importers"
            )
        )
