"""Reads for the attendee pages and the door: ready querysets and counts."""

import dataclasses

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When

from events.models import Edition, ProgramItem

# A booking's signed links and its ticket as pictures and paper, for the emails the outbox
# renders (other slices read them here).
from participants.attendance.links import offer_url, rsvp_cancel_url, ticket_url
from participants.attendance.links import rsvp_calendar as rsvp_calendar
from participants.attendance.tickets import ticket_pdf, ticket_qr_png
from participants.models import Rsvp, User


def rsvp_list_for_user(*, user: User) -> list[Rsvp]:
    """The user's RSVPs, newest day first, each with ``waitlist_position`` (None unless
    waiting). Two queries whatever the number of RSVPs."""
    rsvps = list(
        Rsvp.objects.filter(user=user)
        .select_related("edition", "item", "item__stage")
        .order_by("-edition__year", "item__starts_at", "-created_at")
    )
    waiting = [r for r in rsvps if r.status == Rsvp.Status.WAITLISTED]
    for rsvp in rsvps:
        rsvp.waitlist_position = None
    if waiting:
        queue = (
            Rsvp.objects.filter(status=Rsvp.Status.WAITLISTED)
            .filter(
                Q(item_id__in=[r.item_id for r in waiting if r.item_id])
                | Q(
                    edition_id__in=[r.edition_id for r in waiting if not r.item_id],
                    item__isnull=True,
                )
            )
            .order_by("waitlisted_at", "id")
            .values_list("id", "edition_id", "item_id")
        )
        positions: dict[int, int] = {}
        counters: dict[tuple, int] = {}
        for pk, edition_id, item_id in queue:
            key = ("item", item_id) if item_id else ("edition", edition_id)
            counters[key] = counters.get(key, 0) + 1
            positions[pk] = counters[key]
        for rsvp in waiting:
            rsvp.waitlist_position = positions.get(rsvp.pk)
    return rsvps


def rsvp_get_for_user(*, user: User, pk: int) -> Rsvp:
    """One of the user's own RSVPs (another person's is a DoesNotExist, i.e. a 404)."""
    return Rsvp.objects.select_related("edition", "item", "item__stage").get(pk=pk, user=user)


def seats_free(*, edition: Edition, item: ProgramItem | None) -> int | None:
    """Seats still free on the day or an item (None: no limit). A read for pages: the booking
    itself decides under the lock."""
    capacity = item.capacity if item is not None else edition.capacity
    if capacity is None:
        return None
    rows = (
        Rsvp.objects.filter(item=item)
        if item is not None
        else Rsvp.objects.filter(edition=edition, item__isnull=True)
    )
    taken = rows.filter(status__in=Rsvp.HOLDING_STATUSES).aggregate(total=Sum("party_size"))
    return max(capacity - (taken["total"] or 0), 0)


def seats_free_by_item(*, edition: Edition) -> dict[int, int]:
    """Free seats of every item with a capacity in ``edition``, in one query (the programme)."""
    taken = dict(
        Rsvp.objects.filter(edition=edition, item__isnull=False, status__in=Rsvp.HOLDING_STATUSES)
        .values("item_id")
        .annotate(total=Sum("party_size"))
        .values_list("item_id", "total")
    )
    return {
        pk: max(capacity - (taken.get(pk) or 0), 0)
        for pk, capacity in ProgramItem.objects.filter(
            edition=edition, capacity__isnull=False
        ).values_list("pk", "capacity")
    }


def rsvp_active_by_item(*, user: User, edition: Edition) -> dict[int | None, tuple[int, str]]:
    """The person's active bookings of ``edition``: item id (None: the day) -> (booking id,
    status). One query of three columns, unordered: it runs on every signed-in programme."""
    rows = (
        Rsvp.objects.filter(user=user, edition=edition, status__in=Rsvp.ACTIVE_STATUSES)
        .order_by()
        .values_list("item_id", "pk", "status")
    )
    return {item_id: (pk, status) for item_id, pk, status in rows}


# What the door sees: bookings of published editions, for the day or a published item. An item
# kept unpublished (a closed session, a guest whose name must not circulate) is not the door's.
AT_THE_DOOR = Q(edition__is_published=True) & (Q(item__isnull=True) | Q(item__is_published=True))


def door_list(*, edition: Edition) -> list[Rsvp]:
    """Everyone with a ticket for ``edition`` (the day and its items), in Korean name order
    (가나다: Hangul syllables sort in that order by code point), for the printed door list."""
    rows = list(
        Rsvp.objects.filter(
            AT_THE_DOOR, edition=edition, status__in=Rsvp.SEATED_STATUSES, is_walk_in=False
        ).select_related("user", "item")
    )
    return sorted(rows, key=lambda r: (r.display_name or "\uffff", r.item_id or 0, r.pk))


@dataclasses.dataclass
class SeatCount:
    label: str
    capacity: int | None
    confirmed: int = 0  # seats of confirmed + checked-in RSVPs (the seats taken)
    checked_in: int = 0
    waitlisted: int = 0
    item: ProgramItem | None = None

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)


def _seat_sums():
    return {
        "confirmed": Sum("party_size", filter=Q(status__in=Rsvp.SEATED_STATUSES)),
        # People in so far (a party may arrive in parts); a row checked in by hand in the
        # admin, with no count of arrivals, counts its whole party.
        "checked_in": Sum(
            Case(
                When(status=Rsvp.Status.CHECKED_IN, arrived=0, then=F("party_size")),
                default=F("arrived"),
            )
        ),
        "waitlisted": Sum("party_size", filter=Q(status=Rsvp.Status.WAITLISTED)),
    }


def seat_counts(*, edition: Edition, published_only: bool = False) -> list[SeatCount]:
    """Seats confirmed / checked in / waiting for the day and for each item with seats, in
    three queries whatever the number of items or RSVPs. ``published_only`` (the door): only
    published items."""
    day = Rsvp.objects.filter(edition=edition, item__isnull=True).aggregate(**_seat_sums())
    counts = [
        SeatCount(
            label=str(edition),
            capacity=edition.capacity,
            **{k: v or 0 for k, v in day.items()},
        )
    ]
    per_item = {
        row["item_id"]: row
        for row in Rsvp.objects.filter(edition=edition, item__isnull=False)
        .values("item_id")
        .annotate(**_seat_sums())
    }
    items = ProgramItem.objects.filter(edition=edition, capacity__isnull=False).order_by(
        "starts_at", "id"
    )
    if published_only:
        items = items.filter(is_published=True)
    for item in items:
        row = per_item.get(item.pk, {})
        counts.append(
            SeatCount(
                label=item.title,
                capacity=item.capacity,
                item=item,
                confirmed=row.get("confirmed") or 0,
                checked_in=row.get("checked_in") or 0,
                waitlisted=row.get("waitlisted") or 0,
            )
        )
    return counts


def rsvp_admin_totals(queryset: QuerySet) -> dict[str, int]:
    """Seats confirmed (incl. checked in), waitlisted and checked in for an admin changelist."""
    totals = queryset.order_by().aggregate(rsvps=Count("id"), **_seat_sums())
    return {key: value or 0 for key, value in totals.items()}


__all__ = [
    "SeatCount",
    "door_list",
    "offer_url",
    "rsvp_active_by_item",
    "rsvp_admin_totals",
    "rsvp_cancel_url",
    "rsvp_get_for_user",
    "rsvp_list_for_user",
    "seat_counts",
    "seats_free",
    "seats_free_by_item",
    "ticket_pdf",
    "ticket_qr_png",
    "ticket_url",
]
