from django.core.management.base import BaseCommand

from participants.tributes.demo import load_demo_tributes


class Command(BaseCommand):
    help = "Demo tributes on the remembrance wall: published, waiting, flagged (idempotent)."

    def handle(self, *args, **options) -> None:
        result = load_demo_tributes()
        self.stdout.write(
            "Demo tributes: {published} published, {waiting} waiting for moderation.".format(
                **result
            )
        )
