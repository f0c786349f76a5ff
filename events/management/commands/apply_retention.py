from django.core.management.base import BaseCommand

from events.common.retention import retention_apply


class Command(BaseCommand):
    help = "Apply the retention policy (settings.RETENTION_DAYS) now; the beat task runs it daily."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, dry_run: bool, **options) -> None:
        prefix = "Would remove" if dry_run else "Removed"
        for result in retention_apply(dry_run=dry_run):
            counts = ", ".join(f"{name}: {count}" for name, count in result.counts.items())
            self.stdout.write(f"{prefix} ({result.kind}, after {result.days} days): {counts}")
