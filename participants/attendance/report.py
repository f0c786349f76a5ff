"""Attendance's sections of the ministry's report (events/report/): who booked and came, by hour
and by item, and the reach of the programme. Sums of seats only (a booking's party counts each
person); never a name, an address or a ticket. A fixed number of aggregate queries."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractHour
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.common.formatting import local_time, local_time_range
from events.models import SEOUL, Appearance, Edition, ProgramItem, Stage
from events.report import ReportSection, Table, things
from events.report.sections import Comparison, SectionContent, SumGroup, column_sum
from participants.models import Rsvp, User

STATUS = Rsvp.Status


def _seats(**condition) -> Sum:
    return Sum("party_size", filter=Q(**condition), default=0)


def _sums() -> dict:
    return {
        "booked": _seats(status__in=Rsvp.SEATED_STATUSES),
        "checked_in": _seats(status=STATUS.CHECKED_IN),
        "no_shows": _seats(status=STATUS.CONFIRMED),
        "waitlisted": _seats(status=STATUS.WAITLISTED),
        "cancelled": _seats(status=STATUS.CANCELLED),
        # Walk-ins registered at the door (participants/attendance/services/checkin.py).
        "walk_ins": _seats(status=STATUS.CHECKED_IN, is_walk_in=True),
    }


def _hour_range(edition: Edition, hour: int) -> str:
    """An hour of the day as people read it, in the active language: 오전 10:00~오전 11:00."""
    start = dt.datetime.combine(edition.date, dt.time(hour), tzinfo=SEOUL)
    return local_time_range(start, start + dt.timedelta(hours=1), day=False)


def attendance_section(edition: Edition) -> SectionContent:
    rsvps = Rsvp.objects.filter(edition=edition)
    day = rsvps.filter(item__isnull=True).aggregate(rows=Count("id"), **_sums())
    per_item = {
        row["item_id"]: row
        for row in rsvps.filter(item__isnull=False).order_by().values("item_id").annotate(**_sums())
    }
    with timezone.override(SEOUL):
        by_hour = list(
            rsvps.filter(item__isnull=True, status=STATUS.CHECKED_IN, checked_in_at__isnull=False)
            .annotate(hour=ExtractHour("checked_in_at", tzinfo=SEOUL))
            .order_by()
            .values("hour")
            .annotate(people=Sum("party_size"))
            .order_by("hour")
            .values_list("hour", "people")
        )
    items = ProgramItem.objects.filter(
        Q(capacity__isnull=False) | Q(pk__in=list(per_item)), edition=edition
    ).order_by("starts_at", "id")
    over = edition.is_over()
    figures = [
        (_("Booked for the day (people)"), day["booked"]),
        (_("Checked in at the gate (people)"), day["checked_in"]),
    ]
    figures.append((_("of whom walk-ins without a booking"), day["walk_ins"]))
    no_shows_figure = len(figures)
    figures += [
        (
            _("No-shows (booked, never checked in)") if over else _("Booked, not checked in yet"),
            day["no_shows"],
        ),
        (_("Still on the waiting list"), day["waitlisted"]),
        (_("Cancelled (people)"), day["cancelled"]),
    ]
    item_rows = []
    for item in items:
        row = per_item.get(item.pk, {})
        item_rows.append(
            [
                item.title,
                local_time(item.starts_at),
                row.get("booked", 0),
                row.get("checked_in", 0),
                row.get("no_shows", 0),
            ]
        )
    tables = [
        Table(
            caption=_("People checked in at the gate, by hour (Korea time)"),
            headings=[_("Hour"), _("People")],
            rows=[[_hour_range(edition, hour), people] for hour, people in by_hour],
            bar_column=1,
        ),
    ]
    if item_rows:
        tables.append(
            Table(
                caption=_("Seated programme items"),
                headings=[_("Programme item"), _("Starts"), _("Booked"), _("Came"), _("No-shows")],
                rows=item_rows,
            )
        )
    # Booked = checked in + not checked in, for the day and for each item; the hours add up to
    # the check-ins.
    sums = [
        SumGroup(("figure", 0), (("figure", 1), ("figure", no_shows_figure))),
        column_sum(("figure", 1), table=0, column=1, rows=len(by_hour)),
        *(
            SumGroup(("table", 1, row, 2), (("table", 1, row, 3), ("table", 1, row, 4)))
            for row in range(len(item_rows))
        ),
    ]
    # The reach section adds these up by kind of item.
    keys = {
        f"item:{item.pk}:{column}": ("table", 1, row, index)
        for row, item in enumerate(items)
        for column, index in (("booked", 2), ("came", 3))
    }
    empty = not day["rows"] and not per_item
    notes = [] if over or empty else [_("The day is not over yet: these figures may still change.")]
    return SectionContent(
        figures=figures, tables=tables, empty=empty, notes=notes, sums=sums, keys=keys
    )


def attendance_compare(editions: list[Edition]) -> Comparison:
    rows = {
        row["edition_id"]: row
        for row in Rsvp.objects.filter(edition__in=editions, item__isnull=True)
        .order_by()
        .values("edition_id")
        .annotate(
            booked=_seats(status__in=Rsvp.SEATED_STATUSES),
            checked_in=_seats(status=STATUS.CHECKED_IN),
        )
    }
    return [
        (_("Booked for the day (people)"), {pk: row["booked"] for pk, row in rows.items()}),
        (
            _("Checked in at the gate (people)"),
            {pk: row["checked_in"] for pk, row in rows.items()},
        ),
    ]


def reach_section(edition: Edition) -> SectionContent:
    items_by_kind = dict(
        ProgramItem.objects.filter(edition=edition, is_published=True)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    seats_by_kind = {
        row["item__kind"]: row
        for row in Rsvp.objects.filter(edition=edition, item__isnull=False)
        .order_by()
        .values("item__kind")
        .annotate(
            booked=_seats(status__in=Rsvp.SEATED_STATUSES),
            checked_in=_seats(status=STATUS.CHECKED_IN),
        )
    }
    accounts = Rsvp.objects.filter(edition=edition, user__isnull=False).exclude(
        status=STATUS.CANCELLED
    )
    by_language = dict(
        accounts.order_by()
        .values("user__preferred_language")
        .annotate(n=Count("user", distinct=True))
        .values_list("user__preferred_language", "n")
    )
    reached = accounts.aggregate(n=Count("user", distinct=True))["n"]
    stages = Stage.objects.filter(edition=edition).count()
    performers = (
        Appearance.objects.filter(item__edition=edition, item__is_published=True)
        .order_by()
        .values("performer")
        .distinct()
        .count()
    )
    kinds = [
        (kind, label)
        for kind, label in ProgramItem.Kind.choices
        if items_by_kind.get(kind) or kind in seats_by_kind
    ]
    kind_rows = [
        [
            label,
            things(items_by_kind.get(kind, 0)),
            seats_by_kind.get(kind, {}).get("booked", 0),
            seats_by_kind.get(kind, {}).get("checked_in", 0),
        ]
        for kind, label in kinds
    ]
    # A kind's seats are its items' seats, which the attendance section prints item by item.
    items_of_kind: dict[str, list[int]] = {}
    for item_id, kind in (
        Rsvp.objects.filter(edition=edition, item__isnull=False)
        .order_by("item_id")
        .values_list("item_id", "item__kind")
        .distinct()
    ):
        items_of_kind.setdefault(kind, []).append(item_id)
    kind_sums = []
    for row, (kind, _label) in enumerate(kinds):
        for column, index in (("booked", 2), ("came", 3)):
            parts = tuple(("key", f"item:{pk}:{column}") for pk in items_of_kind.get(kind, []))
            kind_sums.append(SumGroup(("table", 0, row, index), parts))
    language_rows = [
        [label, by_language.get(code, 0)]
        for code, label in User._meta.get_field("preferred_language").choices
    ]
    return SectionContent(
        figures=[
            (_("Published programme items"), things(sum(items_by_kind.values()))),
            (_("Stages and places"), things(stages)),
            (_("Performers and speakers"), performers),
            (_("Accounts that booked the day or an item"), reached),
        ],
        tables=[
            Table(
                caption=_("The programme by kind"),
                headings=[_("Kind"), _("Items"), _("Seats booked"), _("Came")],
                rows=kind_rows,
            ),
            Table(
                caption=_("Accounts that booked, by the language they chose"),
                headings=[_("Language"), _("Number of accounts")],
                rows=language_rows,
            ),
        ],
        empty=not items_by_kind and not reached,
        # Each account chose one language: the languages add up to the accounts.
        sums=[column_sum(("figure", 3), table=1, column=1, rows=len(language_rows)), *kind_sums],
    )


def reach_compare(editions: list[Edition]) -> Comparison:
    items = dict(
        ProgramItem.objects.filter(edition__in=editions, is_published=True)
        .order_by()
        .values("edition_id")
        .annotate(n=Count("id"))
        .values_list("edition_id", "n")
    )
    # Seats, not accounts: the retention purge keeps a past booking's seats, not its person.
    seats = dict(
        Rsvp.objects.filter(
            edition__in=editions, item__isnull=False, status__in=Rsvp.SEATED_STATUSES
        )
        .order_by()
        .values("edition_id")
        .annotate(n=Sum("party_size"))
        .values_list("edition_id", "n")
    )
    # This edition's seats on items are its items' seats, printed item by item in attendance.
    booked_items = (
        Rsvp.objects.filter(
            edition=editions[-1], item__isnull=False, status__in=Rsvp.SEATED_STATUSES
        )
        .order_by("item_id")
        .values_list("item_id", flat=True)
        .distinct()
    )
    return [
        (_("Published programme items"), {pk: things(n) for pk, n in items.items()}),
        (
            _("Seats booked on programme items"),
            seats,
            tuple(f"item:{pk}:booked" for pk in booked_items),
        ),
    ]


SECTIONS = [
    ReportSection(
        "attendance",
        gettext_lazy("Attendance"),
        10,
        attendance_section,
        attendance_compare,
    ),
    ReportSection(
        "reach",
        gettext_lazy("The reach of the programme"),
        20,
        reach_section,
        reach_compare,
    ),
]
