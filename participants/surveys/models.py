"""A survey per edition, its questions and choices, and the anonymous answers to it.

Anonymity by design (docs/surveys.md): ``SurveyResponse`` and ``SurveyAnswer`` hold
no user, no timestamp finer than a date and a random UUID key, so neither a column, a key's order
nor a time can tie them to ``SurveyParticipation``, the only row that names a person (to refuse a
second answer). Both are written in one transaction.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Longest free-text answer; a longer one is refused with a message (not cut).
SURVEY_TEXT_MAX_LENGTH = 2000
RATING_VALUES = (1, 2, 3, 4, 5)
LOCKED_MESSAGE = _(
    "The invitations have been sent: the questions and their choices can no longer change."
)


class Survey(models.Model):
    """The short survey of one edition, emailed the day after to everyone who checked in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        INVITED = "invited", _("Invitations sent")
        CLOSED = "closed", _("Closed")

    edition = models.OneToOneField(
        "events.Edition",
        on_delete=models.CASCADE,
        related_name="survey",
        verbose_name=_("edition"),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the questions and in the email.")
    )
    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("Blank: 10:00 Korea time on the day after the edition."),
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Blank: two weeks after it is sent."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    invited_count = models.PositiveIntegerField(_("invited"), default=0, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-edition__date"]
        permissions = [
            ("view_survey_free_text", _("Can read the free-text answers of surveys")),
            ("export_survey", _("Can export survey results")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def questions_locked(self) -> bool:
        """Once invitations are out, changing a question would change what earlier answers
        mean: questions and choices are frozen."""
        return self.status in (self.Status.INVITED, self.Status.CLOSED)

    def is_open(self, *, now: dt.datetime) -> bool:
        return self.status == self.Status.INVITED and (
            self.closes_at is None or now < self.closes_at
        )


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.survey_id and self.survey.questions_locked:
            raise ValidationError(LOCKED_MESSAGE, code="locked")

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class SurveyChoice(models.Model):
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("choice"), max_length=200)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.question_id and self.question.survey.questions_locked:
            raise ValidationError(LOCKED_MESSAGE, code="locked")


class SurveyParticipation(models.Model):
    """The fact that a person answered a survey, and nothing of what they answered."""

    # A random key, like the response's: sequential keys on both sides would pair them by order.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_participations",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_answer_once"),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class SurveyResponse(models.Model):
    """One anonymous set of answers: no user, a random key, the date only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    submitted_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return str(self.pk)


class SurveyAnswer(models.Model):
    """One answer to one question: a rating, one chosen choice (a multiple-choice question has a
    row per choice) or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    choice = models.ForeignKey(
        SurveyChoice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("choice"),
    )
    text = models.TextField(_("text"), blank=True, max_length=SURVEY_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_to_5",
            ),
            # Exactly one of rating, choice and text.
            models.CheckConstraint(
                condition=(
                    Q(rating__isnull=False, choice__isnull=True, text="")
                    | Q(rating__isnull=True, choice__isnull=False, text="")
                    | (Q(rating__isnull=True, choice__isnull=True) & ~Q(text=""))
                ),
                name="survey_answer_one_value",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)
