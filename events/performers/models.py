"""Performers and their appearances in programme items. A performer is shown in public only as
events.privacy decides; their photo is a private file. Re-exported by events.models, where Django
registers them with the events app."""

import datetime as dt
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.common.names import PublicNameField
from events.common.storage import PrivateMediaStorage
from events.models import ProgramItem, _clash_params
from events.privacy import Visibility, public_name

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
    display_name = PublicNameField(
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
