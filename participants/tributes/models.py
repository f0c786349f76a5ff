"""Tributes on the remembrance wall, visitors' reports of them, and the organisers' watch words."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.common.names import PublicNameField
from events.provinces import Province

TRIBUTE_MAX_LENGTH = 1000


class Tribute(models.Model):
    """Words left for those lost on the way, for family in the North, or of thanks.

    Nothing here names the writer in public but ``signature``; the addressee is words ("my
    mother"), never a field for a person's name; a place is a province at most.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")
        DELETED = "deleted", _("Deleted by the writer")

    class Signature(models.TextChoices):
        DISPLAY_NAME = "display_name", _("My display name")
        PSEUDONYM = "pseudonym", _("A pseudonym")
        ANONYMOUS = "anonymous", _("Anonymous")

    class Language(models.TextChoices):
        KO = "ko", _("Korean")
        EN = "en", _("English")

    class Flag(models.TextChoices):
        PERSON_NAME = "person_name", _("Possible personal name")
        PLACE = "place", _("Place below province level")
        PHONE = "phone", _("Phone number")
        EMAIL = "email", _("Email address")
        URL = "url", _("Web address")
        WATCH_WORD = "watch_word", _("Word on the watch list")

    # Flags that may identify someone in the North: two moderators must clear them.
    IDENTIFYING_FLAGS = frozenset({Flag.PERSON_NAME, Flag.PLACE})

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tributes",
        verbose_name=_("writer"),
    )
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.PROTECT,
        related_name="tributes",
        verbose_name=_("edition"),
    )
    text = models.TextField(_("text"), max_length=TRIBUTE_MAX_LENGTH)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KO
    )
    addressee = models.CharField(
        _("to whom"),
        max_length=80,
        blank=True,
        help_text=_("In words, for example “my mother”. Never a person's real name."),
    )
    signature_kind = models.CharField(
        _("signed as"), max_length=16, choices=Signature.choices, default=Signature.ANONYMOUS
    )
    pseudonym = PublicNameField(_("pseudonym"), max_length=40, blank=True)
    # Frozen when the tribute is written, so that a later change of display name is not shown.
    signature = models.CharField(_("signature"), max_length=80, blank=True)
    province = models.CharField(
        _("province of origin"), max_length=20, choices=Province.choices, blank=True
    )
    consent_web = models.BooleanField(_("on the web wall"), default=False)
    consent_screen = models.BooleanField(_("on the venue screens"), default=False)
    consent_book = models.BooleanField(_("in the printed memorial book"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    flags = models.JSONField(_("flags"), default=list, blank=True)
    flagged_terms = models.JSONField(_("flagged terms"), default=list, blank=True)
    first_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first approval by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note_to_writer = models.TextField(_("note to the writer"), blank=True)
    internal_reason = models.TextField(_("internal reason"), blank=True)
    hidden_by_reports = models.BooleanField(_("hidden after reports"), default=False)
    book_position = models.PositiveIntegerField(_("position in the book"), null=True, blank=True)
    # Bumped on every deletion link use and edit, so an old signed link stops working.
    link_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tribute")
        verbose_name_plural = _("tributes")
        ordering = ["-published_at", "-id"]
        permissions = [
            ("moderate_tribute", _("Can moderate tributes")),
            ("export_tribute_book", _("Can export the memorial book")),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="approved", consent_web=True, hidden_by_reports=False),
                name="tribute_wall_idx",
            ),
            models.Index(fields=["status", "created_at"], name="tribute_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(signature_kind="pseudonym") | ~Q(pseudonym=""),
                name="tribute_pseudonym_given",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Tribute #%(id)s") % {"id": self.pk}

    @property
    def is_public_on_web(self) -> bool:
        return (
            self.status == self.Status.APPROVED and self.consent_web and not self.hidden_by_reports
        )

    @property
    def needs_second_moderator(self) -> bool:
        return bool(self.IDENTIFYING_FLAGS.intersection(self.flags))


class TributeReport(models.Model):
    """A visitor's report: only a keyed hash of where it came from, so one address counts once."""

    tribute = models.ForeignKey(
        Tribute, on_delete=models.CASCADE, related_name="reports", verbose_name=_("tribute")
    )
    reporter_hash = models.CharField(_("reporter"), max_length=64)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tribute report")
        verbose_name_plural = _("tribute reports")
        constraints = [
            models.UniqueConstraint(
                fields=["tribute", "reporter_hash"], name="tribute_report_once_per_reporter"
            )
        ]

    def __str__(self) -> str:
        return gettext("Report on tribute #%(id)s") % {"id": self.tribute_id}


class WatchWord(models.Model):
    """A word organisers want a moderator to look at whenever it appears in a tribute."""

    word = models.CharField(_("word"), max_length=60, unique=True)
    note = models.CharField(_("why"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("watch word")
        verbose_name_plural = _("watch words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
