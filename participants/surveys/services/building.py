"""The organisers' side of a survey: checking it can be sent, scheduling, unscheduling and
closing it. Called by the surveys admin."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.formatting import local_datetime
from events.models import SEOUL
from participants.models import Reminder
from participants.outbox.services import reminder_cancel_for_subject
from participants.surveys.models import Survey


def survey_default_send_at(*, survey: Survey) -> dt.datetime:
    """SURVEY_SEND_HOUR (10:00) Korea time on the day after the edition."""
    day_after = survey.edition.date + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(settings.SURVEY_SEND_HOUR), tzinfo=SEOUL)


def survey_check_questions(*, survey: Survey) -> None:
    """Raise ValidationError unless the survey has a question and every choice question has at
    least two choices in Korean."""
    questions = list(survey.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError(
            _("A survey with no questions cannot be sent: add at least one question first."),
            code="no_questions",
        )
    for question in questions:
        if question.has_choices and len(question.choices.all()) < 2:
            raise ValidationError(
                _("The question “%(question)s” needs at least two choices."),
                params={"question": question.text},
                code="too_few_choices",
            )


@transaction.atomic
def survey_schedule(*, survey_id: int, now: dt.datetime | None = None) -> Survey:
    """Schedule a draft: invitations go out at ``send_at`` (default: the day after, 10:00 Korea
    time) and answers are taken until ``closes_at`` (default: two weeks later).

    Raises ValidationError for a survey with no questions, a choice question with fewer than two
    choices, a send time in the past, a closing time before the send time, or one not a draft.
    """
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey_id)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be scheduled; this survey is “%(status)s”."),
            params={"status": survey.get_status_display()},
            code="not_draft",
        )
    survey_check_questions(survey=survey)
    send_at = survey.send_at or survey_default_send_at(survey=survey)
    if send_at <= now:
        raise ValidationError(
            _("The send time (%(when)s) has passed: set a send time in the future."),
            params={"when": local_datetime(send_at)},
            code="past",
        )
    closes_at = survey.closes_at or send_at + dt.timedelta(days=settings.SURVEY_OPEN_DAYS)
    if closes_at <= send_at:
        raise ValidationError(
            _("The survey must close after it is sent (%(when)s)."),
            params={"when": local_datetime(send_at)},
            code="closes_before_send",
        )
    survey.send_at, survey.closes_at = send_at, closes_at
    survey.status = Survey.Status.SCHEDULED
    survey.save(update_fields=["send_at", "closes_at", "status"])
    return survey


@transaction.atomic
def survey_unschedule(*, survey_id: int) -> Survey:
    """Take a scheduled survey back to draft before its invitations go out."""
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    if survey.status != Survey.Status.SCHEDULED:
        raise ValidationError(
            _("Only a scheduled survey can go back to draft."), code="not_scheduled"
        )
    survey.status = Survey.Status.DRAFT
    survey.save(update_fields=["status"])
    return survey


@transaction.atomic
def survey_close(*, survey_id: int, now: dt.datetime | None = None) -> Survey:
    """Stop taking answers now; invitations not yet sent are cancelled. Closing twice is a
    no-op."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    if survey.status == Survey.Status.CLOSED:
        return survey
    survey.status = Survey.Status.CLOSED
    if survey.closes_at is None or survey.closes_at > now:
        survey.closes_at = now
    survey.save(update_fields=["status", "closes_at"])
    reminder_cancel_for_subject(subject=survey, kinds=[Reminder.Kind.SURVEY_INVITATION])
    return survey
