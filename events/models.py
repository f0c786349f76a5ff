import datetime as dt
import os
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.formatting import local_date, local_time
from events.common.storage import PrivateMediaStorage
from events.privacy import Visibility, public_name

SEOUL = ZoneInfo("Asia/Seoul")


def defectors_day(year: int) -> dt.date:
    """14 July: the day the Defectors Protection and Settlement Support Act was enacted (1997)."""
    return dt.date(year, 7, 14)


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
        _("site capacity"), null=True, blank=True, help_text=_("People on site; blank = no limit.")
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("largest party"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
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
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["edition", "order", "id"]

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
        _("seats"), null=True, blank=True, help_text=_("Blank means no seat booking.")
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


# Performers' photos are private files: a face can expose a defector or their family (privacy
# rules), so the public gets one only through events.views.performer_photo, which checks
# Performer.public_photo, and never from a media URL that anyone could guess.
performer_photo_storage = PrivateMediaStorage("performers")


def performer_photo_path(instance: "Performer", filename: str) -> str:
    # A random name: neither the stored file nor its name says whose face it is.
    return f"{os.urandom(12).hex()}{os.path.splitext(filename)[1].lower()}"


class PerformerQuerySet(models.QuerySet):
    def published(self) -> "PerformerQuerySet":
        return self.filter(is_published=True)


class Performer(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        GROUP = "group", _("Group")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        help_text=_(
            "The name shown in public: a real name or a pseudonym, as the performer chose."
        ),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.ANONYMOUS
    )
    # Private: never rendered outside the admin (privacy rules, DESIGN.md).
    legal_name = models.CharField(_("legal name (private)"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email (private)"), blank=True)
    contact_phone = models.CharField(_("contact phone (private)"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Emails to the performer, such as the call-time reminder, are in this language."
        ),
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=performer_photo_path,
        storage=performer_photo_storage,
        blank=True,
        max_length=200,
        help_text=_(
            "JPEG, PNG, WebP or HEIC. Location and camera data are removed on upload; the file is "
            "kept private."
        ),
    )
    photo_consent = models.BooleanField(
        _("consents to the photo being shown"),
        default=False,
        help_text=_(
            "Without consent the photo is never shown in public, nor while the performer is "
            "unpublished or anonymous."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = PerformerQuerySet.as_manager()

    class Meta:
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        permissions = [
            ("export_performer", _("Can export performers")),
            ("view_performer_private", _("Can see performers' legal names and contacts")),
        ]
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def public_name(self) -> str:
        return public_name(self)

    @property
    def public_photo(self):
        """The photo, only when the performer consented, is published and is not anonymous.

        A face identifies as surely as a name: an anonymous performer's photo is never shown.
        """
        shown = self.photo_consent and self.is_published and self.visibility != Visibility.ANONYMOUS
        return self.photo if (self.photo and shown) else None

    @property
    def public_photo_url(self) -> str:
        """The address of the public photo (by id, never by name), or "" when there is none."""
        if not self.public_photo:
            return ""
        return reverse("events:performer_photo", kwargs={"pk": self.pk})


class Appearance(models.Model):
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        related_name="appearances",
        verbose_name=_("programme item"),
    )
    performer = models.ForeignKey(
        Performer,
        on_delete=models.CASCADE,
        related_name="appearances",
        verbose_name=_("performer"),
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    call_time = models.DateTimeField(
        _("call time"), null=True, blank=True, help_text=_("When the performer should arrive.")
    )

    class Meta:
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        ordering = ["item", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "performer"], name="appearance_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.performer} @ {self.item}"

    def performer_clash(
        self, starts_at: dt.datetime, ends_at: dt.datetime, *, exclude_item: int | None
    ) -> ProgramItem | None:
        return (
            ProgramItem.objects.filter(appearances__performer_id=self.performer_id)
            .exclude(pk=exclude_item)
            .overlapping(starts_at, ends_at)
            .first()
        )

    def clean(self) -> None:
        if not (self.item_id and self.performer_id):
            return
        clash = self.performer_clash(
            self.item.starts_at, self.item.ends_at, exclude_item=self.item_id
        )
        if clash:
            raise ValidationError(
                {
                    "performer": _(
                        "%(performer)s is already booked for “%(title)s” from %(start)s to %(end)s."
                    )
                    % {"performer": self.performer.display_name, **_clash_params(clash)}
                }
            )


class AuditEntry(models.Model):
    """Who did something sensitive, when, to how many rows: exports, imports, private files.

    Holds ids and counts only, never names or emails (privacy rules).
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        ADMIN_LOGIN = "admin_login", _("Staff sign-in")
        PRIVATE_FILE = "private_file", _("Private file viewed")
        PUBLISH = "publish", _("Published")
        PRIVATE_VIEW = "private_view", _("Private details viewed")
        LOGIN_FAILED = "login_failed", _("Failed staff sign-in")
        RETENTION = "retention", _("Retention purge")
        OTHER = "other", _("Other")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target = models.CharField(_("what"), max_length=100, help_text=_("A model label or a name."))
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_label} #{self.pk}"

    @property
    def target_label(self) -> str:
        return model_label_display(self.target)


def model_label_display(label: str) -> str:
    """A model label's verbose name in the active language ("participants.Rsvp" -> "참가 신청");
    any other target (a name) as it is."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name)


# The ministry's report's jobs live with the report (events/report/); Django finds them here.
# The running order, the live day and programme versions live in their own module; imported here
# so that Django registers them with the events app.
from events.live.models import (  # noqa: E402
    ItemLive,
    LiveAction,
    ProgrammeVersion,
    Segment,
    StageLive,
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
    "ProgramItem",
    "ProgrammeVersion",
    "Segment",
    "Stage",
    "StageLive",
    "defectors_day",
    "model_label_display",
]
