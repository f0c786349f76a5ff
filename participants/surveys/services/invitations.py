"""Invitations: the signed link each person receives, and the beat task's job of writing one
outbox reminder per person who checked in once a survey's send time has come."""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from events.common.site import site_url
from participants.models import Reminder, Rsvp, User
from participants.outbox.services import reminders_schedule_new
from participants.surveys.models import Survey
from participants.surveys.services.building import survey_check_questions

logger = logging.getLogger(__name__)

INVITATION_SALT = "participants.surveys.invitation"


def survey_invitation_token(*, survey: Survey, user: User) -> str:
    # No expiry in the token: the survey's own closing time decides (one rule, one home).
    return signing.Signer(salt=INVITATION_SALT).sign_object({"s": survey.pk, "u": user.pk})


def survey_invitation_unsign(token: str) -> tuple[int, int] | None:
    """The (survey id, user id) a link names, or None for a forged or damaged link."""
    try:
        data = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
        return int(data["s"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def survey_invitation_url(*, survey: Survey, user: User) -> str:
    """The absolute link to the survey, under the person's language prefix."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        path = reverse(
            "participants:survey_answer", args=[survey_invitation_token(survey=survey, user=user)]
        )
    return site_url(path)


def survey_invitees(*, survey: Survey):
    """Everyone who checked in at the survey's edition (for the day or any item), once each."""
    checked_in = Rsvp.objects.filter(
        user=OuterRef("pk"), edition_id=survey.edition_id, status=Rsvp.Status.CHECKED_IN
    )
    return User.objects.filter(Exists(checked_in), is_active=True).order_by("pk")


def _write(survey: Survey, batch: list[dict]) -> int:
    return reminders_schedule_new(
        kind=Reminder.Kind.SURVEY_INVITATION,
        due_at=survey.send_at,
        rows=batch,
        edition_id=survey.edition_id,
        subject=survey,
    )


@transaction.atomic
def survey_invite(*, survey_id: int, now: dt.datetime | None = None) -> int:
    """Write one invitation reminder per person who checked in, due at the survey's send time,
    and mark the survey invited. Returns how many were written (0 if it is not due or not
    scheduled any more). Optional kind: the dispatcher cancels those of people who opted out.

    Two beats at once: the row lock lets one in; the second finds it invited. The keys make
    writing an invitation twice a no-op anyway.
    """
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey_id)
    if survey.status != Survey.Status.SCHEDULED or survey.send_at is None or survey.send_at > now:
        return 0
    try:
        # Questions may have been removed since it was scheduled.
        survey_check_questions(survey=survey)
    except ValidationError as error:
        survey.status = Survey.Status.DRAFT
        survey.save(update_fields=["status"])
        logger.warning("Survey %s not sent, back to draft: %s", survey.pk, error.code)
        return 0
    # One INSERT per thousand people rather than an upsert each: 10,000 invitations take seconds
    # (bench/survey_bench.py), and the keys still make a second run write nothing.
    count = 0
    batch: list[dict] = []
    for user in survey_invitees(survey=survey).iterator(chunk_size=1000):
        batch.append(
            {
                "key": f"{Reminder.Kind.SURVEY_INVITATION}:survey:{survey.pk}:user:{user.pk}",
                "recipient": user,
                "context": {"survey_url": survey_invitation_url(survey=survey, user=user)},
            }
        )
        if len(batch) == 1000:
            count += _write(survey, batch)
            batch = []
    count += _write(survey, batch)
    survey.status = Survey.Status.INVITED
    survey.invited_count = count
    survey.save(update_fields=["status", "invited_count"])
    return count


def surveys_invite_due(*, now: dt.datetime | None = None) -> int:
    """Invite for every scheduled survey whose send time has come (the beat task). Returns how
    many invitations were written."""
    now = now or timezone.now()
    due = Survey.objects.filter(status=Survey.Status.SCHEDULED, send_at__lte=now)
    return sum(
        survey_invite(survey_id=survey_id, now=now)
        for survey_id in list(due.values_list("pk", flat=True))
    )
