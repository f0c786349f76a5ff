"""The outbox's section of the ministry's report: reminders and announcements sent for the
edition, by kind and outcome. Counts only (a message is one person, so small counts are "<5")."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Edition
from events.report import ReportSection, Table
from events.report.sections import Comparison, SectionContent, column_sum
from participants.models import Reminder

STATUS = Reminder.Status


def outbox_section(edition: Edition) -> SectionContent:
    # Test sends to organisers (announcements' "send a test to yourself") are not the day's.
    reminders = Reminder.objects.filter(edition=edition, context__is_test__isnull=True)
    by_kind = {
        row["kind"]: row
        for row in reminders.order_by()
        .values("kind")
        .annotate(
            sent=Count("id", filter=Q(status=STATUS.SENT)),
            failed=Count("id", filter=Q(status=STATUS.FAILED)),
            missed=Count("id", filter=Q(status=STATUS.MISSED)),
            cancelled=Count("id", filter=Q(status=STATUS.CANCELLED)),
        )
    }
    people = reminders.filter(status=STATUS.SENT).aggregate(
        n=Count("recipient_email", distinct=True)
    )["n"]
    rows = [
        [
            label,
            by_kind[kind]["sent"],
            by_kind[kind]["failed"],
            by_kind[kind]["missed"],
            by_kind[kind]["cancelled"],
        ]
        for kind, label in Reminder.Kind.choices
        if kind in by_kind
    ]
    return SectionContent(
        figures=[
            (_("Messages sent"), sum(row["sent"] for row in by_kind.values())),
            (_("People who received at least one message"), people),
            (_("Messages that failed"), sum(row["failed"] for row in by_kind.values())),
            (
                _("Messages too late to send (missed)"),
                sum(row["missed"] for row in by_kind.values()),
            ),
        ],
        tables=[
            Table(
                caption=_("Reminders and announcements by kind"),
                headings=[_("Kind"), _("Sent"), _("Failed"), _("Missed"), _("Cancelled")],
                rows=rows,
            )
        ]
        if rows
        else [],
        empty=not by_kind,
        # The kinds add up to the messages sent, failed and missed.
        sums=[
            column_sum(("figure", figure), table=0, column=column, rows=len(rows))
            for figure, column in ((0, 1), (2, 2), (3, 3))
        ]
        if rows
        else [],
    )


def outbox_compare(editions: list[Edition]) -> Comparison:
    sent = dict(
        Reminder.objects.filter(
            edition__in=editions, status=STATUS.SENT, context__is_test__isnull=True
        )
        .order_by()
        .values("edition_id")
        .annotate(n=Count("id"))
        .values_list("edition_id", "n")
    )
    return [(_("Messages sent"), sent)]


SECTIONS = [
    ReportSection("outbox", gettext_lazy("Reminders sent"), 50, outbox_section, outbox_compare),
]
