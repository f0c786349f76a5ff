"""Answering a survey through a signed link, anonymously: the person's participation and their
unlinked response are written in one transaction, or nothing is. Called by the survey page."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import SEOUL
from participants.models import User
from participants.surveys.models import (
    RATING_VALUES,
    SURVEY_TEXT_MAX_LENGTH,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from participants.surveys.services.invitations import survey_invitation_unsign


def answer_field_name(question: SurveyQuestion) -> str:
    """The key of a question's answer in ``answers`` and in the form, and of its errors."""
    return f"question_{question.pk}"


def survey_from_token(*, token: str, now: dt.datetime | None = None) -> tuple[Survey, User]:
    """The survey and the invited person a link names, if it can still be answered.

    Raises ValidationError: ``invalid_link`` (forged, damaged, or the survey or person is gone),
    ``closed`` (not open: closed, or not sent yet), ``already_answered``.
    """
    now = now or timezone.now()
    ids = survey_invitation_unsign(token)
    invalid = ValidationError(
        _("This survey link is not valid. Please use the link in your email exactly as it is."),
        code="invalid_link",
    )
    if ids is None:
        raise invalid
    survey_id, user_id = ids
    survey = Survey.objects.select_related("edition").filter(pk=survey_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if survey is None or user is None:
        raise invalid
    if not survey.is_open(now=now):
        raise ValidationError(
            _("This survey is closed. Thank you for your interest."), code="closed"
        )
    if SurveyParticipation.objects.filter(survey=survey, user=user).exists():
        raise _already_answered()
    return survey, user


def _already_answered() -> ValidationError:
    return ValidationError(
        _("You have already answered this survey. Thank you: only one answer is counted."),
        code="already_answered",
    )


def _answers_for(question: SurveyQuestion, value: Any) -> list[SurveyAnswer]:
    """Unsaved answer rows for one question; raises ValidationError (a message) when invalid."""
    empty = value in (None, "", [], ())
    if empty:
        if question.required:
            raise ValidationError(_("Please answer this question."), code="required")
        return []
    if question.kind == SurveyQuestion.Kind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = None
        if rating not in RATING_VALUES:
            raise ValidationError(_("Choose a rating from 1 to 5."), code="rating_out_of_range")
        return [SurveyAnswer(question=question, rating=rating)]
    if question.kind == SurveyQuestion.Kind.TEXT:
        text = str(value).strip()
        if len(text) > SURVEY_TEXT_MAX_LENGTH:
            raise ValidationError(
                _("Please keep your answer to %(limit)d characters (it has %(length)d)."),
                params={"limit": SURVEY_TEXT_MAX_LENGTH, "length": len(text)},
                code="too_long",
            )
        if not text:
            return _answers_for(question, None)
        return [SurveyAnswer(question=question, text=text)]
    values = value if isinstance(value, list | tuple) else [value]
    if question.kind == SurveyQuestion.Kind.SINGLE and len(values) > 1:
        raise ValidationError(_("Choose only one answer."), code="one_choice")
    choices = {str(choice.pk): choice for choice in question.choices.all()}
    if any(str(v) not in choices for v in values):
        raise ValidationError(
            _("Choose among the answers offered for this question."), code="unknown_choice"
        )
    return [
        SurveyAnswer(question=question, choice=choices[v]) for v in dict.fromkeys(map(str, values))
    ]


def survey_answers_validate(*, survey: Survey, answers: dict[str, Any]) -> list[SurveyAnswer]:
    """Check ``answers`` (keyed by ``answer_field_name``) against the survey's questions and
    return unsaved rows. Raises ValidationError with one message per question at fault."""
    questions = list(survey.questions.prefetch_related("choices"))
    known = {answer_field_name(question) for question in questions}
    if set(answers) - known:
        raise ValidationError(
            _("These answers are for questions that are not in this survey."),
            code="unknown_question",
        )
    rows: list[SurveyAnswer] = []
    errors: dict[str, list] = {}
    for question in questions:
        try:
            rows.extend(_answers_for(question, answers.get(answer_field_name(question))))
        except ValidationError as error:
            errors[answer_field_name(question)] = error.error_list
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(
            _("Answer at least one question before you send."), code="nothing_answered"
        )
    return rows


def survey_submit(
    *, token: str, answers: dict[str, Any], now: dt.datetime | None = None
) -> SurveyResponse:
    """Record one anonymous response through a signed link.

    The participation (who answered) and the response (what was answered: no user, a random
    key, the date only) commit together or not at all; the unique participation refuses a second
    answer, also when two arrive at once. Raises ValidationError (see ``survey_from_token`` and
    ``survey_answers_validate``).
    """
    now = now or timezone.now()
    survey, user = survey_from_token(token=token, now=now)
    rows = survey_answers_validate(survey=survey, answers=answers)
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, user=user)
            response = SurveyResponse.objects.create(
                survey=survey, submitted_on=timezone.localtime(now, SEOUL).date()
            )
            for row in rows:
                row.response = response
            SurveyAnswer.objects.bulk_create(rows)
    except IntegrityError as error:
        # The other submit of a double click (or of a second tab) committed first.
        raise _already_answered() from error
    return response
