"""The running order of an item, the day as it actually runs, and published programme versions.

The plan (ProgramItem.starts_at/ends_at, Segment.duration_minutes) is never overwritten on the
day: live times sit beside it (ItemLive, Segment.live_*) and every change a stage manager makes
is a LiveAction that can be undone for a minute (README.md, "On the day").
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Edition, ProgramItem, Stage
from events.performers.models import Performer
from events.privacy import public_name

# A segment longer than a whole day is a typing error, not a ceremony.
MAX_SEGMENT_MINUTES = 24 * 60


class Segment(models.Model):
    """One step of an item's order of proceedings (식순): opening, rites, silence, address…"""

    class Kind(models.TextChoices):
        RITE = "rite", _("Rite")
        SILENCE = "silence", _("Moment of silence")
        ADDRESS = "address", _("Address")
        TESTIMONY = "testimony", _("Testimony")
        PERFORMANCE = "performance", _("Performance")
        OTHER = "other", _("Other")

    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        related_name="segments",
        verbose_name=_("programme item"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEGMENT_MINUTES)],
    )
    performer = models.ForeignKey(
        Performer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="segments",
        verbose_name=_("responsible performer"),
        help_text=_("Shown in public as the performer's visibility allows."),
    )
    responsible = models.CharField(
        _("responsible (officials)"),
        max_length=200,
        blank=True,
        help_text=_("Free text for officials, e.g. 통일부 장관 (Minister of Unification)."),
    )
    # Internal: never on a public page, a feed or the public cue sheet.
    mc_script = models.TextField(_("MC script (internal)"), blank=True)
    cue_microphones = models.CharField(_("microphones"), max_length=200, blank=True)
    cue_music = models.CharField(_("music file"), max_length=200, blank=True)
    cue_lighting = models.CharField(_("lighting"), max_length=200, blank=True)
    cue_screen = models.CharField(_("screen"), max_length=200, blank=True)
    sign_language = models.BooleanField(_("sign-language interpretation"), default=False)
    live_started_at = models.DateTimeField(_("started at (live)"), null=True, blank=True)
    live_ended_at = models.DateTimeField(_("ended at (live)"), null=True, blank=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["item", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=MAX_SEGMENT_MINUTES),
                name="segment_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def public_responsible(self) -> str:
        """Who leads this step, as the public may see it (events.privacy), or ""."""
        if self.performer_id and self.performer.is_published:
            return public_name(self.performer)
        return self.responsible


class StageLive(models.Model):
    """A stage's state on the day: its announced delay and a version that every action bumps,
    so that two stage managers acting at once cannot overwrite each other."""

    stage = models.OneToOneField(
        Stage, on_delete=models.CASCADE, related_name="live", verbose_name=_("stage")
    )
    delay_minutes = models.IntegerField(_("running late by (minutes)"), default=0)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stage on the day")
        verbose_name_plural = _("stages on the day")
        permissions = [("run_stage", _("Can run a stage on the day"))]

    def __str__(self) -> str:
        return str(self.stage)


class ItemLive(models.Model):
    """An item as it actually runs: started, ended, delayed, cancelled or moved on the day."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("As planned")
        RUNNING = "running", _("On now")
        DONE = "done", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved")

    item = models.OneToOneField(
        ProgramItem,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="live",
        verbose_name=_("programme item"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # Expected (planned or moved, plus the stage's delay) until it starts; then actual.
    starts_at = models.DateTimeField(_("starts at (live)"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at (live)"), null=True, blank=True)
    stage = models.ForeignKey(
        Stage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved to stage"),
    )

    class Meta:
        verbose_name = _("item on the day")
        verbose_name_plural = _("items on the day")

    def __str__(self) -> str:
        return f"{self.item} ({self.get_status_display()})"


class LiveAction(models.Model):
    """One stage manager's action, with what it changed: the audit trail and the undo."""

    class Kind(models.TextChoices):
        ITEM_START = "item_start", _("Item started")
        ITEM_END = "item_end", _("Item ended")
        SEGMENT_START = "segment_start", _("Segment started")
        SEGMENT_END = "segment_end", _("Segment ended")
        DELAY = "delay", _("Running late")
        CANCEL = "cancel", _("Item cancelled")
        MOVE = "move", _("Item moved")
        UNDO = "undo", _("Undone")

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="live_actions", verbose_name=_("stage")
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme item"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), db_index=True)
    # The live fields of every row the action changed, before and after (ids and times only).
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("live action")
        verbose_name_plural = _("live actions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ProgrammeVersion(models.Model):
    """A numbered release of an edition's published programme with its changelog (pretalx's
    model): what was added, moved (old -> new time and stage), cancelled or changed.

    ``snapshot`` is the published programme at this version (item id -> public fields), which
    the next version is compared with; ``changelog`` is a list of entries, each
    ``{"change", "item", "title_ko", "title_en", "old", "new", "fields"}`` where old/new hold
    ``starts_at``/``ends_at`` (ISO) and ``stage_ko``/``stage_en``.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="versions", verbose_name=_("edition")
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    changelog = models.JSONField(_("changelog"), default=list)
    snapshot = models.JSONField(_("snapshot"), default=dict)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["edition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="version_number_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.edition.year} v{self.number}"

    @property
    def changed_item_ids(self) -> set[int]:
        return {entry["item"] for entry in self.changelog}
