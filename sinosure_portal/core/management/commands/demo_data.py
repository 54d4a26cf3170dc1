import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from sinosure_portal.core import demo

LIFECYCLE_ORDER = ["creditinfo", "policies", "limits", "declarations", "claims", "financing"]
# kernel apps whose demo data names the apps' (the demo exporter's webhook endpoint), loaded last
AFTER_APPS = ["webhooks"]


class Command(BaseCommand):
    help = "Load demo organisations, users for every role, countries, buyers and exchange rates (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the demo users already exist"
        )

    def handle(self, *args, **options):
        from sinosure_portal.accounts.models import User

        if options["if_empty"] and User.objects.filter(username="exporter").exists():
            self.stdout.write("demo data already loaded")
            return
        with transaction.atomic():
            summary = demo.load(self.stdout)
            # each lifecycle app may bring its own demo data in <app>/demo.py: load(stdout) -> dict
            for label in [*LIFECYCLE_ORDER, *AFTER_APPS]:
                config = next((c for c in apps.get_app_configs() if c.label == label), None)
                if config is None:
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                summary[label] = module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"demo data loaded: {summary}"))
