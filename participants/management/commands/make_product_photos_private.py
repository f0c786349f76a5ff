from django.core.management.base import BaseCommand
from django.db import transaction

from participants.market.product_photos import product_photos_make_private
from participants.models import Product


class Command(BaseCommand):
    help = (
        "Move product photos still in public media into private storage (migration 0016 does it "
        "once; run this if MEDIA_ROOT or the public bucket was not reachable then). Safe to run "
        "again."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = product_photos_make_private(products=Product.objects.all())
        self.stdout.write(
            f"{counts.moved} files moved to private storage, {counts.already_private} already "
            f"private, {counts.missing} missing (in neither storage)."
        )
        if counts.missing:
            self.stderr.write(
                "Some files were not found: check MEDIA_ROOT (or the public bucket) and run this "
                "command again. Logs name the products by id."
            )
