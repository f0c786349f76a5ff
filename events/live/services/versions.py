"""Programme versions (pretalx's model): publishing the changes made to a published programme
records a numbered version with its changelog and tells, through a signal, whoever is affected.

The plan of an item is what its row says, except that an item cancelled or moved on the day
(events.live.models.ItemLive) counts as cancelled or moved: the public plan never changes
without a version saying so.
"""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.live.models import ItemLive, ProgrammeVersion
from events.models import SEOUL, Edition, ProgramItem, Stage
from events.signals import programme_version_published

ADDED, MOVED, CANCELLED, CHANGED = "added", "moved", "cancelled", "changed"
# Fields whose change makes an item "changed" (times and stage make it "moved").
DESCRIBED_FIELDS = ("title_ko", "title_en", "kind", "description")


def _digest(*texts: str | None) -> str:
    return hashlib.sha256("\x1f".join(text or "" for text in texts).encode()).hexdigest()[:16]


def programme_snapshot(*, edition: Edition) -> dict[str, dict]:
    """The edition's published programme as it stands: item id -> public fields (plan, with
    on-the-day cancellations and moves applied)."""
    stages = {
        stage.pk: (stage.name_ko, stage.name_en or stage.name_ko)
        for stage in Stage.objects.filter(edition=edition)
    }
    live = {row.item_id: row for row in ItemLive.objects.filter(item__edition=edition)}
    snapshot = {}
    for item in ProgramItem.objects.filter(edition=edition, is_published=True).order_by("pk"):
        state = live.get(item.pk)
        if state is not None and state.status == ItemLive.Status.CANCELLED:
            continue
        starts_at, ends_at, stage_id = item.starts_at, item.ends_at, item.stage_id
        if state is not None and state.status == ItemLive.Status.MOVED:
            starts_at = state.starts_at or starts_at
            ends_at = state.ends_at or ends_at
            stage_id = state.stage_id or stage_id
        stage_ko, stage_en = stages.get(stage_id, ("", ""))
        snapshot[str(item.pk)] = {
            "title_ko": item.title_ko,
            "title_en": item.title_en or "",
            "kind": item.kind,
            "description": _digest(item.description_ko, item.description_en),
            "starts_at": timezone.localtime(starts_at, SEOUL).isoformat(),
            "ends_at": timezone.localtime(ends_at, SEOUL).isoformat(),
            "stage_id": stage_id,
            "stage_ko": stage_ko,
            "stage_en": stage_en,
        }
    return snapshot


def _place(row: dict) -> dict:
    return {key: row[key] for key in ("starts_at", "ends_at", "stage_id", "stage_ko", "stage_en")}


def programme_changelog(*, old: dict[str, dict], new: dict[str, dict]) -> list[dict]:
    """What changed from ``old`` to ``new`` (two snapshots), in the new programme's time order."""
    entries = []
    for key in sorted(set(old) | set(new), key=lambda k: (new.get(k) or old[k])["starts_at"]):
        before, after = old.get(key), new.get(key)
        row = after or before
        entry = {"item": int(key), "title_ko": row["title_ko"], "title_en": row["title_en"]}
        if before is None:
            entries.append({**entry, "change": ADDED, "old": None, "new": _place(after)})
        elif after is None:
            entries.append({**entry, "change": CANCELLED, "old": _place(before), "new": None})
        else:
            fields = [field for field in DESCRIBED_FIELDS if before[field] != after[field]]
            if _place(before) != _place(after):
                change = MOVED
            elif fields:
                change = CHANGED
            else:
                continue
            entries.append(
                {
                    **entry,
                    "change": change,
                    "old": _place(before),
                    "new": _place(after),
                    "fields": fields,
                }
            )
    return entries


@transaction.atomic
def programme_version_publish(
    *,
    edition: Edition,
    by=None,
    comment_ko: str = "",
    comment_en: str = "",
    now: dt.datetime | None = None,
) -> ProgrammeVersion:
    """Record the next numbered version of ``edition``'s published programme with what changed
    since the last one, and announce it (programme_version_published) in the same transaction.

    Raises a translated ValidationError if the edition is unpublished or nothing changed.
    """
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if not locked.is_published:
        raise ValidationError(
            _("Publish the edition first: versions record changes to a published programme."),
            code="unpublished",
        )
    last = ProgrammeVersion.objects.filter(edition=edition).order_by("-number").first()
    snapshot = programme_snapshot(edition=edition)
    changelog = programme_changelog(old=last.snapshot if last else {}, new=snapshot)
    if last is not None and not changelog:
        raise ValidationError(
            _("Nothing in the published programme has changed since version %(number)d.")
            % {"number": last.number},
            code="unchanged",
        )
    version = ProgrammeVersion.objects.create(
        edition=edition,
        number=(last.number + 1) if last else 1,
        published_at=now or timezone.now(),
        published_by=by if getattr(by, "pk", None) else None,
        comment_ko=comment_ko,
        comment_en=comment_en,
        changelog=changelog,
        snapshot=snapshot,
    )
    public_pages_changed()
    if last is not None:
        # The first version only lists what was there; later ones tell the people affected.
        programme_version_published.send(sender=ProgrammeVersion, version=version)
    return version


def programme_version_current(*, edition: Edition) -> ProgrammeVersion | None:
    return ProgrammeVersion.objects.filter(edition=edition).order_by("-number").first()
