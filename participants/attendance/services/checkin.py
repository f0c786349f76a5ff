"""Check-in at the door: a ticket code, typed or scanned, admits its party once."""

import dataclasses
import datetime as dt
import re

from django.utils import timezone

from events.common.exports import audit_log
from events.models import SEOUL, AuditEntry, Edition
from participants.attendance.links import (  # noqa: F401 - re-exported for views and tests
    rsvp_cancel_token,
    rsvp_cancel_token_valid,
    rsvp_cancel_url,
    ticket_url,
)
from participants.models import Rsvp, User


@dataclasses.dataclass(frozen=True)
class CheckInResult:
    outcome: str  # checked_in, already, cancelled, waitlisted, unknown, other_edition, too_early
    rsvp: Rsvp | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "checked_in"


def normalise_ticket_code(code: str) -> str:
    """What a person typed or a camera read, reduced to a ticket code (or "")."""
    code = (code or "").strip()
    # A scanned QR may carry the ticket URL or a "DDT:" prefix; keep the last token.
    code = code.rsplit("/", 1)[-1].removeprefix("DDT:")
    return code if TICKET_CODE_RE.match(code) else ""


def _refusal(rsvp: Rsvp, *, edition: Edition | None, now: dt.datetime) -> str:
    # The door says which edition it admits for; until it does (issue 12 rebuilds /checkin/),
    # the older callers keep their behaviour.
    if edition is None:
        return ""
    if rsvp.edition_id != edition.pk:
        return "other_edition"
    if now.astimezone(SEOUL).date() < rsvp.edition.date:
        return "too_early"
    return ""


def rsvp_check_in(
    *,
    code: str,
    by: User,
    now: dt.datetime | None = None,
    edition: Edition | None = None,
    override_reason: str = "",
) -> CheckInResult:
    """Mark the ticket ``code`` checked in, once: one conditional UPDATE, so two staff scanning
    the same ticket at the same moment check it in exactly once; the other sees "already".
    At a door that names its ``edition``, a ticket of another edition, or one shown before its
    edition's day, is refused ("other_edition", "too_early") unless an organiser (change
    permission on RSVPs) gives ``override_reason``, which is audited."""
    now = now or timezone.now()
    code = normalise_ticket_code(code)
    if not code:
        return CheckInResult("unknown")
    found = Rsvp.objects.select_related("edition").filter(ticket_code=code).first()
    refusal = _refusal(found, edition=edition, now=now) if found else ""
    if refusal:
        overriding = override_reason.strip() and by.has_perm("participants.change_rsvp")
        if not overriding:
            return CheckInResult(refusal, found)
        audit_log(
            user=by,
            action=AuditEntry.Action.OTHER,
            target=Rsvp._meta.label,
            object_id=str(found.pk),
            detail={"check_in_override": refusal, "reason": override_reason.strip()[:300]},
        )
    changed = Rsvp.objects.filter(ticket_code=code, status=Rsvp.Status.CONFIRMED).update(
        status=Rsvp.Status.CHECKED_IN, checked_in_at=now, checked_in_by=by, updated_at=now
    )
    rsvp = (
        Rsvp.objects.select_related("user", "edition", "item", "checked_in_by")
        .filter(ticket_code=code)
        .first()
    )
    if rsvp is None:
        return CheckInResult("unknown")
    if changed:
        return CheckInResult("checked_in", rsvp)
    if rsvp.status == Rsvp.Status.CHECKED_IN:
        return CheckInResult("already", rsvp)
    return CheckInResult(rsvp.status, rsvp)


TICKET_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,32}$")
