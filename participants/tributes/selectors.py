"""Reads of the remembrance wall: what the public, the venue screens, the printed book and the
writer may see. Public reads never carry the writer: only the signature they chose."""

import datetime as dt

from django.db.models import F, QuerySet
from django.utils import timezone

from events.models import Edition
from participants.models import User
from participants.tributes.models import Tribute

PUBLIC_FIELDS = (
    "id",
    "text",
    "language",
    "addressee",
    "signature_kind",
    "signature",
    "province",
    "published_at",
)
# The venue screens show each tribute this long before the next.
SCREEN_SECONDS = 15


def _public() -> QuerySet[Tribute]:
    return Tribute.objects.filter(status=Tribute.Status.APPROVED, hidden_by_reports=False).only(
        *PUBLIC_FIELDS
    )


def tribute_wall(*, order: str = "newest", seed: int = 0) -> QuerySet[Tribute]:
    """Approved tributes with web consent; "random" is a stable shuffle for a given seed (so a
    page of a shuffled wall can be cached and paginated)."""
    tributes = _public().filter(consent_web=True)
    if order == "random":
        # A multiplicative shuffle that every database computes the same way.
        return tributes.annotate(shuffle=(F("id") * 7919 + seed) % 1000003).order_by(
            "shuffle", "id"
        )
    return tributes.order_by("-published_at", "-id")


def tribute_public_get(*, pk: int) -> Tribute | None:
    return _public().filter(consent_web=True, pk=pk).first()


def tributes_for_screen() -> QuerySet[Tribute]:
    """What the venue screens may show, in the order they show it: approved, not hidden by
    reports, with the writer's consent to the screens (withdrawn: gone at the next read)."""
    return _public().filter(consent_screen=True).order_by("published_at", "id")


def tribute_for_screen(*, now: dt.datetime | None = None) -> Tribute | None:
    """The tribute the venue screens show now: each with screen consent in turn."""
    now = now or timezone.now()
    tributes = tributes_for_screen()
    count = tributes.count()
    if not count:
        return None
    return tributes[int(now.timestamp() // SCREEN_SECONDS) % count]


def tributes_for_book(*, edition: Edition) -> QuerySet[Tribute]:
    return (
        _public()
        .filter(edition=edition, consent_book=True)
        .order_by(F("book_position").asc(nulls_last=True), "published_at", "id")
    )


def tribute_list_for_user(*, user: User) -> list[Tribute]:
    """The writer's own tributes (all states but deleted), newest first, for /me/."""
    return list(
        Tribute.objects.filter(author=user)
        .exclude(status=Tribute.Status.DELETED)
        .order_by("-created_at", "-id")
    )


def tribute_get_for_user(*, user: User, pk: int) -> Tribute:
    return Tribute.objects.exclude(status=Tribute.Status.DELETED).get(author=user, pk=pk)
