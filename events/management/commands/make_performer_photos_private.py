from django.core.management.base import BaseCommand
from django.db import transaction

from events.models import Performer
from events.performer_photos import performer_photos_make_private


class Command(BaseCommand):
    help = (
        "Move performers' photos still under MEDIA_ROOT into private storage (migration 0008 "
        "does it once; run this if MEDIA_ROOT was not reachable then). Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = performer_photos_make_private(performers=Performer.objects.all())
        self.stdout.write(
            f"{counts.moved} photos moved to private storage, {counts.already_private} already "
            f"private, {counts.missing} missing (in neither storage)."
        )
        if counts.missing:
            self.stderr.write(
                "Some photo files were not found: check MEDIA_ROOT and PRIVATE_MEDIA_ROOT and run "
                "this command again. Logs name the performers by id."
            )
