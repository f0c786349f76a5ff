import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.formatting import local_date, local_time

SEOUL = ZoneInfo("Asia/Seoul")


def defectors_day(year: int) -> dt.date:
    """14 July: the day the Defectors Protection and Settlement Support Act was enacted (1997)."""
    return dt.date(year, 7, 14)


# The largest venues in Seoul hold about 70,000 people: a capacity above this is a typing error
# (a 14-digit number would otherwise pass on SQLite and overflow on PostgreSQL).
MAX_CAPACITY = 100_000
MAX_PARTY_SIZE = 20


def _capacity_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(capacity__isnull=True) | Q(capacity__gte=0, capacity__lte=MAX_CAPACITY),
        name=f"{name}_capacity_in_range",
    )


class EditionQuerySet(models.QuerySet):
    def published(self) -> "EditionQuerySet":
        return self.filter(is_published=True)


class Edition(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2024), MaxValueValidator(2100)],
    )
    date = models.DateField(_("date"), help_text=_("14 July of the year unless it moves."))
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    how_to_attend = models.TextField(_("how to attend"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("site capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_CAPACITY)],
        help_text=_("People on site; blank = no limit."),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("largest party"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)],
        help_text=_("The most seats one person may book: themself plus guests."),
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="edition_registration_window_ordered",
            ),
            _capacity_in_range("edition"),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1, max_party_size__lte=MAX_PARTY_SIZE),
                name="edition_max_party_size_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def save(self, *args, **kwargs) -> None:
        if self.date is None and self.year:
            self.date = defectors_day(self.year)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:edition_home", kwargs={"year": self.year})

    def clean(self) -> None:
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"date": _("The date must fall in the edition's year.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @property
    def day_starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, dt.time.min, tzinfo=SEOUL)

    @property
    def day_ends_at(self) -> dt.datetime:
        return self.day_starts_at + dt.timedelta(days=1)

    def is_over(self, *, now: dt.datetime | None = None) -> bool:
        """The day has ended (Seoul time): nothing can be booked any more."""
        return (now or timezone.now()) >= self.day_ends_at

    def registration_is_open(self, *, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        if self.registration_closes_at and now >= self.registration_closes_at:
            return False
        return now < self.day_ends_at


class Stage(models.Model):
    class Kind(models.TextChoices):
        HALL = "hall", _("Hall")
        OUTDOOR = "outdoor", _("Outdoor stage")
        EXHIBITION = "exhibition", _("Exhibition hall")
        MARKET = "market", _("Market area")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="stages", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HALL)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MaxValueValidator(MAX_CAPACITY)]
    )
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["edition", "order", "id"]
        constraints = [_capacity_in_range("stage")]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition.year})"


class ProgramItemQuerySet(models.QuerySet):
    def published(self) -> "ProgramItemQuerySet":
        return self.filter(is_published=True, edition__is_published=True)

    def overlapping(self, starts_at: dt.datetime, ends_at: dt.datetime) -> "ProgramItemQuerySet":
        """Items whose half-open interval [starts_at, ends_at) meets the given one."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class ProgramItem(models.Model):
    class Kind(models.TextChoices):
        CEREMONY = "ceremony", _("Memorial ceremony")
        PERFORMANCE = "performance", _("Performance")
        TALK = "talk", _("Talk")
        EXHIBITION = "exhibition", _("Exhibition")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="items", verbose_name=_("edition")
    )
    # RESTRICT, not PROTECT: a stage with items cannot be deleted on its own, but deleting the
    # whole edition deletes its stages and items together.
    stage = models.ForeignKey(
        Stage, on_delete=models.RESTRICT, related_name="items", verbose_name=_("stage")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Blank means no seat booking."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    performers = models.ManyToManyField(
        "Performer", through="Appearance", related_name="items", verbose_name=_("performers")
    )

    objects = ProgramItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        permissions = [("export_programitem", _("Can export programme items"))]
        ordering = ["starts_at", "stage__order", "id"]
        indexes = [
            models.Index(fields=["edition", "starts_at"], name="item_edition_start_idx"),
            models.Index(fields=["stage", "starts_at"], name="item_stage_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="item_ends_after_start"
            ),
            _capacity_in_range("item"),
            # On PostgreSQL a second rule, the stage exclusion constraint, is added by
            # migration 0002 (btree_gist): two items on one stage never overlap.
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:programme_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors.setdefault("ends_at", []).append(_("An item must end after it starts."))
        edition = self.edition if self.edition_id else None
        if (
            edition
            and self.starts_at
            and self.ends_at
            and (self.starts_at < edition.day_starts_at or self.ends_at > edition.day_ends_at)
        ):
            errors.setdefault("starts_at", []).append(
                _("An item must lie within its edition's day (%(date)s, Seoul time).")
                % {"date": local_date(edition.date)}
            )
        if self.stage_id and edition and self.stage.edition_id != edition.pk:
            errors.setdefault("stage", []).append(_("This stage belongs to another edition."))
        if errors:
            raise ValidationError(errors)
        if self.stage_id and self.starts_at and self.ends_at:
            clash = (
                ProgramItem.objects.filter(stage_id=self.stage_id)
                .exclude(pk=self.pk)
                .overlapping(self.starts_at, self.ends_at)
                .first()
            )
            if clash:
                raise ValidationError(
                    {
                        "starts_at": _(
                            "The stage is already booked for “%(title)s” from %(start)s to %(end)s."
                        )
                        % _clash_params(clash)
                    }
                )
            if self.pk:
                self._check_performers_free()

    def _check_performers_free(self) -> None:
        for appearance in self.appearances.select_related("performer"):
            clash = appearance.performer_clash(self.starts_at, self.ends_at, exclude_item=self.pk)
            if clash:
                raise ValidationError(
                    {
                        "starts_at": _(
                            "%(performer)s is already booked for “%(title)s” from %(start)s "
                            "to %(end)s."
                        )
                        % {"performer": appearance.performer.display_name, **_clash_params(clash)}
                    }
                )

    @property
    def has_seat_booking(self) -> bool:
        return self.capacity is not None


def _clash_params(item: "ProgramItem") -> dict[str, str]:
    return {
        "title": item.title,
        "start": local_time(item.starts_at),
        "end": local_time(item.ends_at),
    }


# Performers, the audit trail, the running order, the live day, programme versions and the
# ministry's report's jobs live in their own modules; imported here so that Django registers them
# with the events app (and older imports of events.models keep working).
from events.audit.models import AuditEntry, model_label_display  # noqa: E402
from events.live.models import (  # noqa: E402
    ItemLive,
    LiveAction,
    ProgrammeVersion,
    Segment,
    StageLive,
)
from events.performers.models import (  # noqa: E402
    Appearance,
    Performer,
    PerformerQuerySet,
    performer_photo_path,
    performer_photo_storage,
)
from events.report.models import EditionReport  # noqa: E402, F401

__all__ = [
    "SEOUL",
    "Appearance",
    "AuditEntry",
    "Edition",
    "ItemLive",
    "LiveAction",
    "Performer",
    "PerformerQuerySet",
    "ProgramItem",
    "ProgrammeVersion",
    "Segment",
    "Stage",
    "StageLive",
    "defectors_day",
    "model_label_display",
    "performer_photo_path",
    "performer_photo_storage",
]
