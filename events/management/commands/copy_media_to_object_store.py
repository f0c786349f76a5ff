"""Copy every uploaded file from this machine's disk to the object store (MEDIA_STORAGE=s3)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.common.storage_copy import media_copy_to_object_store


class Command(BaseCommand):
    help = (
        "Copy every file the database points at from MEDIA_ROOT and PRIVATE_MEDIA_ROOT to the "
        "S3-compatible store (run with MEDIA_STORAGE=s3 and the S3_* settings of the new store). "
        "Files already there are left alone; files not found on disk are listed. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        if settings.MEDIA_STORAGE != "s3":
            raise CommandError("Set MEDIA_STORAGE=s3 and the S3_* settings of the target store.")
        report = media_copy_to_object_store(log=self.stdout.write)
        self.stdout.write(
            f"copied {report.copied}, already there {report.already_there}, "
            f"missing {len(report.missing)}"
        )
        if report.missing:
            self.stderr.write(
                self.style.WARNING(
                    "Some files were not found on this disk: copy them from the machine that has "
                    "them (or restore them) and run this command again."
                )
            )
