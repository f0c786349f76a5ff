"""The door: a ticket code (typed or scanned) or a search admits a party, in parts if it arrives
in parts; check-ins are undone with a reason; walk-ins take seats under the capacity rule; a
paper list is entered afterwards with its real times. Every change is one row in CheckIn.

Refused at the door (one rule, here): a ticket of another edition, or shown before the
edition's day or after it; an organiser (who may change RSVPs) admits it with a reason, which
the door's log and the audit log keep.
"""

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.common.exports import audit_log
from events.models import AuditEntry, Edition, ProgramItem
from participants.attendance.codes import CodeProblem, code_normalise
from participants.attendance.selectors import AT_THE_DOOR
from participants.attendance.services.seats import fits, lock_target, seats_taken
from participants.models import CheckIn, Rsvp, User

OVERRIDE_PERMISSION = "participants.change_rsvp"
MAX_SEARCH_CHARS = 100
MAX_REASON_CHARS = 300


@dataclasses.dataclass(frozen=True)
class CheckInResult:
    """``outcome``: checked_in, already, cancelled, waitlisted, offered, unknown, invalid
    (with ``problem``: confusable, checksum, shape), other_edition, too_early, too_late,
    too_many (more people than the party has left)."""

    outcome: str
    rsvp: Rsvp | None = None
    people: int = 0
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "checked_in"

    @property
    def refused_by_date(self) -> bool:
        return self.outcome in ("other_edition", "too_early", "too_late")


def normalise_ticket_code(code: str) -> str:
    """What a person typed or a camera read, reduced to a ticket code (or "")."""
    try:
        return code_normalise(code)
    except CodeProblem:
        return ""


def _date_refusal(rsvp: Rsvp, *, edition: Edition | None, now: dt.datetime) -> str:
    if edition is not None and rsvp.edition_id != edition.pk:
        return "other_edition"
    if now < rsvp.edition.day_starts_at:
        return "too_early"
    if now >= rsvp.edition.day_ends_at:
        return "too_late"
    return ""


def _load(rsvp_filter: Q) -> Rsvp | None:
    return (
        Rsvp.objects.select_related("user", "edition", "item", "item__stage", "checked_in_by")
        .filter(AT_THE_DOOR)  # a ticket of an unpublished item is unknown at the door
        .filter(rsvp_filter)
        .first()
    )


def _admit(
    *,
    rsvp: Rsvp,
    people: int | None,
    by: User,
    at: dt.datetime,
    kind: str,
    reason: str = "",
) -> CheckInResult:
    """One conditional UPDATE (arrived + n within the party, still seated): two staff admitting
    the same party at the same moment let in at most its size; the loser sees what is left."""
    remaining = rsvp.party_size - rsvp.arrived
    people = remaining if people is None else people
    if people < 1:
        return CheckInResult("already" if remaining == 0 else "too_many", rsvp, 0)
    if people > remaining:
        return CheckInResult("already" if remaining == 0 else "too_many", rsvp, people)
    with transaction.atomic():
        changed = Rsvp.objects.filter(
            pk=rsvp.pk,
            status__in=Rsvp.SEATED_STATUSES,
            arrived__lte=F("party_size") - people,
        ).update(
            arrived=F("arrived") + people,
            status=Rsvp.Status.CHECKED_IN,
            checked_in_at=at,
            checked_in_by=by,
            updated_at=timezone.now(),
        )
        if changed:
            CheckIn.objects.create(
                rsvp=rsvp, kind=kind, people=people, at=at, by=by, reason=reason[:300]
            )
    if not changed:  # another door admitted some of them meanwhile: say what is left
        rsvp.refresh_from_db(fields=["arrived", "status", "checked_in_at", "checked_in_by"])
        return CheckInResult("already" if rsvp.arrived >= rsvp.party_size else "too_many", rsvp)
    rsvp.arrived += people
    rsvp.status, rsvp.checked_in_at, rsvp.checked_in_by = Rsvp.Status.CHECKED_IN, at, by
    return CheckInResult("checked_in", rsvp, people)


def rsvp_check_in(
    *,
    code: str = "",
    rsvp_id: int | None = None,
    by: User,
    edition: Edition | None = None,
    people: int | None = None,
    now: dt.datetime | None = None,
    at: dt.datetime | None = None,
    override_reason: str = "",
) -> CheckInResult:
    """Admit ``people`` of a party (default: all not yet in), found by ``code`` or ``rsvp_id``
    (a search result), at the door of ``edition``. ``at``: when they really came (a paper list
    entered later). Never raises for bad input: the outcome says what is wrong."""
    now = now or timezone.now()
    if rsvp_id is None:
        try:
            code = code_normalise(code)
        except CodeProblem as problem:
            return CheckInResult("invalid", problem=problem.reason)
        rsvp = _load(Q(ticket_code=code))
    else:
        rsvp = _load(Q(pk=rsvp_id))
    if rsvp is None:
        return CheckInResult("unknown")
    if rsvp.status in (Rsvp.Status.CANCELLED, Rsvp.Status.WAITLISTED, Rsvp.Status.OFFERED):
        return CheckInResult(rsvp.status, rsvp)
    moment = at or now
    refusal = _date_refusal(rsvp, edition=edition, now=moment)
    reason = override_reason.strip()[:MAX_REASON_CHARS]
    if refusal and not (reason and by.has_perm(OVERRIDE_PERMISSION)):
        return CheckInResult(refusal, rsvp)
    if refusal:
        audit_log(
            user=by,
            action=AuditEntry.Action.OTHER,
            target=Rsvp._meta.label,
            object_id=str(rsvp.pk),
            detail={"check_in_override": refusal, "reason": reason},
        )
        what = {
            "other_edition": _("a ticket of another year"),
            "too_early": _("before the day"),
            "too_late": _("after the day"),
        }[refusal]
        reason = _("Admitted despite: %(refusal)s. %(reason)s") % {
            "refusal": what,
            "reason": reason,
        }
    if at is not None:
        kind = CheckIn.Kind.PAPER
    elif rsvp_id is not None:
        kind = CheckIn.Kind.SEARCH
    else:
        kind = CheckIn.Kind.SCAN
    return _admit(rsvp=rsvp, people=people, by=by, at=moment, kind=kind, reason=reason)


def paper_check_in_time(*, edition: Edition, value: dt.datetime, now: dt.datetime) -> None:
    """Raise ValidationError unless ``value`` (a check-in written on paper) fell within the
    edition's day and is not in the future."""
    if not (edition.day_starts_at <= value < edition.day_ends_at) or value > now:
        raise ValidationError(
            _(
                "The time of a paper check-in must be on the day of the event and not later "
                "than now."
            ),
            code="paper_time",
        )


@transaction.atomic
def rsvp_check_in_undo(
    *, rsvp_id: int, people: int, reason: str, by: User, now: dt.datetime | None = None
) -> Rsvp:
    """Undo ``people`` of a party's check-in (a mistake at the door), with a reason the log
    keeps. Raises ValidationError for no reason or more people than came in."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the check-in is undone."), code="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError(_("The reason is too long (at most 300 characters)."), code="reason")
    rsvp = Rsvp.objects.select_for_update().get(pk=rsvp_id)
    if people < 1 or people > rsvp.arrived:
        raise ValidationError(
            _("Only %(arrived)s people of this party have been checked in.")
            % {"arrived": rsvp.arrived},
            code="too_many",
        )
    rsvp.arrived -= people
    if rsvp.arrived == 0:
        rsvp.status = Rsvp.Status.CONFIRMED
        rsvp.checked_in_at, rsvp.checked_in_by = None, None
    rsvp.save(update_fields=["arrived", "status", "checked_in_at", "checked_in_by", "updated_at"])
    CheckIn.objects.create(
        rsvp=rsvp, kind=CheckIn.Kind.UNDO, people=-people, at=now, by=by, reason=reason
    )
    return rsvp


@transaction.atomic
def walk_in_register(
    *,
    edition: Edition,
    item: ProgramItem | None = None,
    name: str,
    party_size: int,
    by: User,
    now: dt.datetime | None = None,
) -> Rsvp:
    """Someone who comes without booking: admitted at once if seats are free, counted like
    everyone else. Raises ValidationError when full or for a bad party size."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError(_("Write the name of the person (at most 120 characters)."))
    if party_size < 1 or party_size > edition.max_party_size:
        raise ValidationError(
            _("A party is between 1 and %(max)s people.") % {"max": edition.max_party_size}
        )
    if not edition.is_published or (
        item is not None and not (item.is_published and item.edition_id == edition.pk)
    ):
        raise ValidationError(
            _("Walk-ins are taken only for published programme items of this edition."),
            code="not_published",
        )
    target = lock_target(edition=edition, item=item)
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk if item else None)
    if not fits(capacity=target.capacity, taken=taken, party_size=party_size):
        raise ValidationError(
            _("Full: only %(free)s seats are free, so this party cannot come in.")
            % {"free": max(target.capacity - taken, 0)},
            code="full",
        )
    rsvp = Rsvp.objects.create(
        edition=edition,
        item=item,
        guest_name=name,
        is_walk_in=True,
        party_size=party_size,
        arrived=party_size,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=now,
        checked_in_by=by,
    )
    CheckIn.objects.create(rsvp=rsvp, kind=CheckIn.Kind.WALK_IN, people=party_size, at=now, by=by)
    return rsvp


def door_search(*, edition: Edition, query: str) -> list[Rsvp]:
    """Bookings of ``edition`` whose person matches ``query``: part of a name or an email, or
    the last four digits of a phone number. At most 20. Raises ValidationError for a query
    too short or too long."""
    query = (query or "").strip()
    if len(query) > MAX_SEARCH_CHARS:
        raise ValidationError(
            _("Search for at most %(max)s characters.") % {"max": MAX_SEARCH_CHARS},
            code="too_long",
        )
    if len(query) < 2:
        raise ValidationError(_("Type at least two characters."), code="too_short")
    match = (
        Q(user__name__icontains=query)
        | Q(user__email__icontains=query)
        | Q(guest_name__icontains=query)
    )
    if query.isdigit() and len(query) == 4:
        match |= Q(user__phone__endswith=query)
    return list(
        Rsvp.objects.filter(AT_THE_DOOR, edition=edition, status__in=Rsvp.SEATED_STATUSES)
        .filter(match)
        .select_related("user", "item")
        .order_by("user__name", "guest_name", "id")[:20]
    )
