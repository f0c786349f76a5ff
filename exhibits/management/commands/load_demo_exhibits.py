from django.core.management.base import BaseCommand

from exhibits.demo import load_demo_exhibits


class Command(BaseCommand):
    help = "Load about 30 demo exhibits with drawn images, lenders and displays (idempotent)."

    def handle(self, *args, **options) -> None:
        result = load_demo_exhibits()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo exhibits: {exhibits} ({created} new), {lenders} lenders.".format(**result)
            )
        )
