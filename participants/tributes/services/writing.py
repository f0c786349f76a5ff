"""What a writer does: write a tribute (after a preview), edit it (back to moderation), change
consents, and delete it at any time, also from a signed link without signing in."""

import datetime as dt
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.names import clean_public_name
from events.models import Edition
from events.provinces import Province
from participants.models import User
from participants.tributes.models import TRIBUTE_MAX_LENGTH, Tribute
from participants.tributes.services.flags import tribute_flags
from participants.tributes.services.notify import tribute_notify

WRITER_FIELDS = (
    "text",
    "language",
    "addressee",
    "signature_kind",
    "pseudonym",
    "province",
    "consent_web",
    "consent_screen",
    "consent_book",
)
CONSENT_FIELDS = ("consent_web", "consent_screen", "consent_book")
# Invisible characters: zero-width ones are removed; direction overrides are refused, since they
# can make a text read differently from what the moderator saw.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean_text(value: str, *, field: str, max_length: int) -> str:
    """Normalise (NFC, no zero-width characters, trimmed) or raise a translated error."""
    value = unicodedata.normalize("NFC", value or "").translate(ZERO_WIDTH).strip()
    if BIDI_CONTROLS.search(value):
        raise ValidationError(
            {field: _("Please remove the hidden text-direction characters from your text.")},
            code="bidi",
        )
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("Please keep it to %(limit)d characters (now %(count)d).")
                % {"limit": max_length, "count": len(value)}
            },
            code="too_long",
        )
    return value


def _has_words(value: str) -> bool:
    # Letters or digits of any script; a tribute of only spaces, punctuation or emoji says nothing
    # a moderator can check.
    return any(unicodedata.category(c)[0] in "LN" for c in value)


def writer_display_name(user: User) -> str:
    """The public name the writer chose for their account, if any (never their legal name)."""
    return (getattr(user, "display_name", "") or "").strip()


def tribute_validate(*, author: User, fields: dict[str, Any]) -> dict[str, Any]:
    """Cleaned writer fields, or a ValidationError per field. Writes nothing (the preview)."""
    unknown = set(fields) - set(WRITER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    data = dict(fields)
    errors: dict[str, list] = {}
    for name, limit in (("text", TRIBUTE_MAX_LENGTH), ("addressee", 80), ("pseudonym", 40)):
        try:
            data[name] = clean_text(data.get(name, ""), field=name, max_length=limit)
        except ValidationError as error:
            errors.update(error.message_dict)
    if "pseudonym" not in errors:
        try:
            data["pseudonym"] = clean_public_name(data["pseudonym"])
        except ValidationError as error:
            errors["pseudonym"] = error.messages
    if "text" not in errors and not _has_words(data["text"]):
        errors["text"] = [_("Please write a few words.")]
    kind = data.get("signature_kind") or Tribute.Signature.ANONYMOUS
    if kind not in Tribute.Signature.values:
        errors["signature_kind"] = [_("Please choose how to sign.")]
    elif kind == Tribute.Signature.PSEUDONYM and not data.get("pseudonym"):
        errors["pseudonym"] = [_("Please write the pseudonym to sign with.")]
    elif kind == Tribute.Signature.DISPLAY_NAME and not writer_display_name(author):
        errors["signature_kind"] = [_("Your account has no display name; choose another way.")]
    if data.get("language", "ko") not in Tribute.Language.values:
        errors["language"] = [_("Please choose Korean or English.")]
    if data.get("province") and data["province"] not in Province.values:
        errors["province"] = [_("Please choose a province from the list.")]
    if errors:
        raise ValidationError(errors)
    data["signature_kind"] = kind
    if kind != Tribute.Signature.PSEUDONYM:
        data["pseudonym"] = ""
    return data


def signature_for(*, author: User, signature_kind: str, pseudonym: str, language: str) -> str:
    if signature_kind == Tribute.Signature.PSEUDONYM:
        return pseudonym
    if signature_kind == Tribute.Signature.DISPLAY_NAME:
        return writer_display_name(author)
    return ""  # anonymous: the templates write "익명 / Anonymous" in the reader's language


def _apply(tribute: Tribute, data: dict[str, Any]) -> None:
    for name, value in data.items():
        setattr(tribute, name, value)
    tribute.signature = signature_for(
        author=tribute.author,
        signature_kind=tribute.signature_kind,
        pseudonym=tribute.pseudonym,
        language=tribute.language,
    )
    tribute.flags, tribute.flagged_terms = tribute_flags(
        tribute.text, addressee=tribute.addressee, pseudonym=tribute.pseudonym
    )


@transaction.atomic
def tribute_write(
    *, author: User, edition: Edition, fields: dict[str, Any], now: dt.datetime | None = None
) -> Tribute:
    """Store a tribute the writer confirmed after the preview; it waits for moderation and the
    writer gets an email with a link that deletes it. Raises ValidationError."""
    now = now or timezone.now()
    data = tribute_validate(author=author, fields=fields)
    tribute = Tribute(author=author, edition=edition)
    _apply(tribute, data)
    tribute.full_clean()
    tribute.save()
    tribute_notify(tribute=tribute, event="received", now=now)
    return tribute


@transaction.atomic
def tribute_edit(
    *, tribute: Tribute, fields: dict[str, Any], now: dt.datetime | None = None
) -> Tribute:
    """The writer's edit: it leaves every public place at once and goes back to moderation."""
    tribute = Tribute.objects.select_for_update().get(pk=tribute.pk)
    if tribute.status == Tribute.Status.DELETED:
        raise ValidationError(_("This tribute has been deleted."), code="deleted")
    was_public = tribute.status == Tribute.Status.APPROVED
    data = tribute_validate(author=tribute.author, fields=fields)
    _apply(tribute, data)
    tribute.status = Tribute.Status.PENDING
    tribute.first_approved_by = None
    tribute.decided_by = None
    tribute.decided_at = None
    tribute.published_at = None
    tribute.full_clean()
    tribute.save()
    if was_public:
        public_pages_changed()
    return tribute


@transaction.atomic
def tribute_consents_set(*, tribute: Tribute, consents: dict[str, bool]) -> Tribute:
    """Give or withdraw consent per use; a withdrawal hides the tribute there at once."""
    unknown = set(consents) - set(CONSENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consents: {sorted(unknown)}")
    tribute = Tribute.objects.select_for_update().get(pk=tribute.pk)
    for name, value in consents.items():
        setattr(tribute, name, bool(value))
    tribute.save(update_fields=[*consents, "updated_at"])
    public_pages_changed()
    return tribute


@transaction.atomic
def tribute_delete(*, tribute: Tribute, now: dt.datetime | None = None) -> Tribute:
    """Delete at the writer's wish: the words are erased at once from the row (so from every page,
    screen, feed and cache); the empty row is purged later. Deleting twice changes nothing."""
    tribute = Tribute.objects.select_for_update().get(pk=tribute.pk)
    if tribute.status == Tribute.Status.DELETED:
        return tribute
    tribute.status = Tribute.Status.DELETED
    tribute.text = ""
    tribute.addressee = ""
    tribute.pseudonym = ""
    tribute.signature = ""
    tribute.signature_kind = Tribute.Signature.ANONYMOUS
    tribute.province = ""
    tribute.flagged_terms = []
    tribute.note_to_writer = ""
    tribute.consent_web = tribute.consent_screen = tribute.consent_book = False
    tribute.deleted_at = now or timezone.now()
    tribute.link_version += 1
    tribute.save()
    public_pages_changed()
    return tribute
