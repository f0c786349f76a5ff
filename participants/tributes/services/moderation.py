"""Moderators' decisions on tributes, all audited: approve (with a second moderator when names
or places were flagged), ask the writer for changes, reject; and visitors' reports, which hide a
tribute for review once they reach TRIBUTE_REPORTS_TO_HIDE."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.exports import audit_log
from events.models import AuditEntry
from participants.models import User
from participants.tributes.models import Tribute, TributeReport
from participants.tributes.services.notify import tribute_notify

MODERATE_PERMISSION = "participants.moderate_tribute"


def _locked(tribute: Tribute, *, by: User) -> Tribute:
    if not by.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied
    tribute = Tribute.objects.select_for_update().get(pk=tribute.pk)
    if tribute.status in (Tribute.Status.DELETED, Tribute.Status.REJECTED):
        raise ValidationError(
            _("Tribute #%(id)s was deleted or rejected; it cannot be decided again."),
            params={"id": tribute.pk},
            code="closed",
        )
    return tribute


def _audit(tribute: Tribute, *, by: User, what: str) -> None:
    # Ids only: the words of a tribute never go into the audit log.
    audit_log(
        user=by,
        action=AuditEntry.Action.PUBLISH if what == "approve" else AuditEntry.Action.OTHER,
        target="participants.Tribute",
        object_id=str(tribute.pk),
        detail={"decision": what},
    )


@transaction.atomic
def tribute_approve(*, tribute: Tribute, by: User, now: dt.datetime | None = None) -> Tribute:
    """Publish, or record the first of two approvals when names or places were flagged (the
    second must come from another moderator). Returns the tribute; check ``status``."""
    now = now or timezone.now()
    tribute = _locked(tribute, by=by)
    if tribute.status == Tribute.Status.APPROVED:
        return tribute
    if tribute.needs_second_moderator:
        if tribute.first_approved_by_id is None:
            tribute.first_approved_by = by
            tribute.save(update_fields=["first_approved_by", "updated_at"])
            _audit(tribute, by=by, what="first-approval")
            return tribute
        if tribute.first_approved_by_id == by.pk:
            raise ValidationError(
                _("A second moderator must approve a tribute flagged for names or places."),
                code="same_moderator",
            )
    tribute.status = Tribute.Status.APPROVED
    tribute.decided_by = by
    tribute.decided_at = now
    tribute.published_at = now
    tribute.hidden_by_reports = False
    tribute.save()
    _audit(tribute, by=by, what="approve")
    tribute_notify(tribute=tribute, event="approved", now=now)
    public_pages_changed()
    return tribute


def _decide_off_the_wall(
    tribute: Tribute, *, status: str, by: User, now: dt.datetime, what: str, event: str
) -> Tribute:
    # A moderator's decision that keeps the (locked) tribute off the wall: recorded, audited,
    # told to the writer, and the wall refreshed if the tribute was on it.
    was_public = tribute.status == Tribute.Status.APPROVED
    tribute.status = status
    tribute.decided_by = by
    tribute.decided_at = now
    tribute.published_at = None
    tribute.save()
    _audit(tribute, by=by, what=what)
    tribute_notify(tribute=tribute, event=event, now=now)
    if was_public:
        public_pages_changed()
    return tribute


@transaction.atomic
def tribute_request_changes(
    *, tribute: Tribute, by: User, note: str, now: dt.datetime | None = None
) -> Tribute:
    """Send the tribute back to its writer with a note, emailed in their language."""
    if not (note or "").strip():
        raise ValidationError(_("Please write a note telling the writer what to change."))
    tribute = _locked(tribute, by=by)
    tribute.note_to_writer = note.strip()
    tribute.first_approved_by = None
    return _decide_off_the_wall(
        tribute,
        status=Tribute.Status.CHANGES_REQUESTED,
        by=by,
        now=now or timezone.now(),
        what="request-changes",
        event="changes_requested",
    )


@transaction.atomic
def tribute_reject(
    *, tribute: Tribute, by: User, reason: str, now: dt.datetime | None = None
) -> Tribute:
    """Reject with a reason kept for the organisers; the writer is told it was not published."""
    if not (reason or "").strip():
        raise ValidationError(_("Please give the reason (it stays with the organisers)."))
    tribute = _locked(tribute, by=by)
    tribute.internal_reason = reason.strip()
    return _decide_off_the_wall(
        tribute,
        status=Tribute.Status.REJECTED,
        by=by,
        now=now or timezone.now(),
        what="reject",
        event="rejected",
    )


def reporter_hash(address: str) -> str:
    """A keyed hash of a visitor's address: counts one report per address, stores no address."""
    key = hashlib.sha256(f"tribute-report:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def tribute_report(*, tribute: Tribute, address: str, reason: str = "") -> bool:
    """Record a visitor's report (once per address); hide the tribute pending review when the
    reports reach the threshold. Returns whether this report was new."""
    tribute = Tribute.objects.select_for_update().get(pk=tribute.pk)
    try:
        with transaction.atomic():
            TributeReport.objects.create(
                tribute=tribute, reporter_hash=reporter_hash(address), reason=reason[:200]
            )
    except IntegrityError:
        return False
    if (
        not tribute.hidden_by_reports
        and tribute.reports.count() >= settings.TRIBUTE_REPORTS_TO_HIDE
    ):
        tribute.hidden_by_reports = True
        tribute.save(update_fields=["hidden_by_reports", "updated_at"])
        public_pages_changed()
    return True


@transaction.atomic
def tribute_reports_dismiss(*, tribute: Tribute, by: User) -> Tribute:
    """A moderator looked at the reports and keeps the tribute: it shows again."""
    tribute = _locked(tribute, by=by)
    tribute.reports.all().delete()
    tribute.hidden_by_reports = False
    tribute.save(update_fields=["hidden_by_reports", "updated_at"])
    _audit(tribute, by=by, what="dismiss-reports")
    public_pages_changed()
    return tribute


def tributes_purge(*, now: dt.datetime, days: int, dry_run: bool = False) -> dict[str, int]:
    """Rejected and deleted tributes go for good ``days`` after their last change (part of the
    one retention policy: RETENTION_DAYS["tributes"], which audits the counts)."""
    cutoff = now - dt.timedelta(days=days)
    old = Tribute.objects.filter(
        status__in=[Tribute.Status.REJECTED, Tribute.Status.DELETED],
        updated_at__lt=cutoff,
    )
    count = old.count()
    if count and not dry_run:
        old.delete()
    return {"tributes": count}
