from django.conf import settings
from django.core.management.base import BaseCommand

from events.common.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise attendees of editions whose day ended more than ATTENDEE_RETENTION_DAYS ago, "
        "keeping seat counts and check-in totals."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: settings.ATTENDEE_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.ATTENDEE_RETENTION_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days must be zero or more.")
            raise SystemExit(2)
        # The same service as the daily retention task, with its audit entry.
        [result] = retention_apply(kinds=["attendees"], days={"attendees": days}, dry_run=dry_run)
        counts = result.counts
        prefix = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{prefix} {counts['rsvps']} RSVPs of {counts['editions']} editions; "
            f"{counts['accounts']} accounts deleted."
        )
