"""Stalls: numbered pitches in a market stage, and placing an approved application on one."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.models import Stage
from participants.market.services._common import STALL_REMINDER_KINDS, Status
from participants.market.services.applications import _schedule_day_before, stall_placed_context
from participants.models import Reminder, Stall, StallApplication
from participants.outbox.services import reminder_cancel_for_subject, reminder_schedule


@transaction.atomic
def stall_assign(
    *, application: StallApplication, stall: Stall | None, now: dt.datetime | None = None
) -> StallApplication:
    """Place an approved application on ``stall`` (``None`` frees its stall); the vendor is
    emailed the stall number, zone, setup time and a link to the plan (placed or moved).

    The stall's row lock serialises two organisers placing on one stall; the partial unique
    constraint is the backstop. Raises when the stall does not fit or is taken.
    """
    application = (
        StallApplication.objects.select_for_update(of=("self",))
        .select_related("vendor__owner", "edition")
        .get(pk=application.pk)
    )
    if stall is None:
        if application.stall_id is not None:
            application.stall = None
            application.save(update_fields=["stall", "updated_at"])
            reminder_cancel_for_subject(subject=application, kinds=STALL_REMINDER_KINDS)
            public_pages_changed()
        return application
    if application.status != Status.APPROVED:
        raise ValidationError(_("Only an approved application can be placed."), code="not_approved")
    if application.stall_id == stall.pk:
        return application
    previous = application.stall
    stall = Stall.objects.select_for_update(of=("self",)).select_related("stage").get(pk=stall.pk)
    problems = stall.mismatches(application)
    if problems:
        raise ValidationError(problems, code="stall_mismatch")
    taken = (
        StallApplication.objects.filter(stall=stall, status=Status.APPROVED)
        .exclude(pk=application.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            _("Stall %(number)s is already taken."),
            code="stall_taken",
            params={"number": stall.number},
        )
    application.stall = stall
    # Each placement is its own email (the key carries the revision), like each decision.
    application.revision += 1
    try:
        with transaction.atomic():
            application.save(update_fields=["stall", "revision", "updated_at"])
    except IntegrityError as error:
        raise ValidationError(
            _("Stall %(number)s is already taken."),
            code="stall_taken",
            params={"number": stall.number},
        ) from error
    _schedule_day_before(application)
    reminder_schedule(
        kind=Reminder.Kind.VENDOR_STALL_PLACED,
        key=f"{Reminder.Kind.VENDOR_STALL_PLACED}:application:{application.pk}:{application.revision}",
        due_at=now or timezone.now(),
        recipient=application.vendor.owner,
        edition_id=application.edition_id,
        subject=application,
        context=stall_placed_context(application, previous=previous),
    )
    public_pages_changed()
    return application


@transaction.atomic
def stall_range_create(
    *,
    stage: Stage,
    first: int,
    last: int,
    zone: str,
    size: str,
    has_power: bool = False,
    has_water: bool = False,
    setup_at: dt.time | None = None,
) -> list[Stall]:
    """Create stalls ``first``..``last`` alike in a market area; all or none.

    Raises for a stage that is not a market, a reversed range, or numbers already in use."""
    if stage.kind != Stage.Kind.MARKET:
        raise ValidationError({"stage": _("Stalls belong in a market area.")})
    if not 1 <= first <= last or last - first >= 500:
        raise ValidationError(
            {"last": _("Give a range from a first to a last number, at most 500 stalls.")}
        )
    numbers = range(first, last + 1)
    used = sorted(
        Stall.objects.filter(stage=stage, number__in=numbers).values_list("number", flat=True)
    )
    if used:
        raise ValidationError(
            {
                "first": _("These numbers are already used in this area: %(numbers)s.")
                % {"numbers": ", ".join(map(str, used))}
            }
        )
    stalls = [
        Stall(
            stage=stage,
            number=number,
            zone=zone,
            size=size,
            has_power=has_power,
            has_water=has_water,
            **({"setup_at": setup_at} if setup_at else {}),
        )
        for number in numbers
    ]
    for stall in stalls:
        stall.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            created = Stall.objects.bulk_create(stalls)
    except IntegrityError as error:
        # Another organiser added one of these numbers meanwhile: the unique constraint decides.
        raise ValidationError(
            {"first": _("Some of these numbers were just taken; reload and try again.")}
        ) from error
    public_pages_changed()
    return created
