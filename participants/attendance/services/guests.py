"""Import of invited guests (diplomats, press) from CSV or XLSX as confirmed RSVPs.

All or nothing: every row is checked first and any error imports nothing.
"""

import csv
import dataclasses
import io
import zipfile

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from events.common.bad_input import validate_single_line
from events.common.exports import audit_log
from events.common.imports import decode_csv
from events.models import AuditEntry, Edition, ProgramItem
from participants.accounts.models import Language
from participants.attendance.services.rsvps import rsvp_create
from participants.attendance.services.seats import lock_target, seats_taken
from participants.models import Rsvp, User
from participants.outbox.services import guest_invitation_notify

MAX_ROWS = 2000
HEADER_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "이메일": "email",
    "name": "name",
    "이름": "name",
    "party_size": "party_size",
    "party size": "party_size",
    "people": "party_size",
    "인원": "party_size",
    "language": "language",
    "언어": "language",
}


@dataclasses.dataclass
class GuestRow:
    line: int
    email: str
    name: str
    party_size: int
    language: str


def _read_rows(*, name: str, data: bytes) -> list[dict]:
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
            raise ValidationError(_("The file is not a readable XLSX workbook.")) from error
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in workbook.active.iter_rows(values_only=True)
        ]
    else:
        text = decode_csv(data)
        try:
            rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as error:
            raise ValidationError(
                _("The CSV file could not be read: %(error)s") % {"error": error}
            ) from error
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [HEADER_ALIASES.get(cell.strip().lower(), "") for cell in rows[0]]
    if "email" not in header:
        raise ValidationError(_("The first row must name the columns, with at least “email”."))
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(_("At most %(max)s guests per file.") % {"max": MAX_ROWS})
    return [
        {key: value for key, value in zip(header, row, strict=False) if key} for row in rows[1:]
    ]


def guest_rows_parse(*, name: str, data: bytes, edition: Edition) -> list[GuestRow]:
    """Parse and check every row; raise one ValidationError listing every problem."""
    errors: list[str] = []
    parsed: list[GuestRow] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(_read_rows(name=name, data=data), start=2):
        email = (row.get("email") or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Row %(line)s: “%(email)s” is not a valid email address.")
                % {"line": line, "email": email[:80]}
            )
            continue
        if email in seen:
            errors.append(
                _("Row %(line)s: %(email)s is already on row %(first)s.")
                % {"line": line, "email": email, "first": seen[email]}
            )
            continue
        seen[email] = line
        raw_size = (row.get("party_size") or "1").strip()
        try:
            party_size = int(float(raw_size))
        except ValueError:
            party_size = 0
        if not 1 <= party_size <= edition.max_party_size:
            errors.append(
                _("Row %(line)s: the number of people must be between 1 and %(max)s.")
                % {"line": line, "max": edition.max_party_size}
            )
            continue
        language = (row.get("language") or "ko").strip().lower()[:2]
        if language not in Language.values:
            errors.append(_("Row %(line)s: the language must be “ko” or “en”.") % {"line": line})
            continue
        guest_name = (row.get("name") or "").strip()[:120]
        try:
            validate_single_line(guest_name)
        except ValidationError:
            errors.append(
                _("Row %(line)s: the name must be on one line, without control characters.")
                % {"line": line}
            )
            continue
        parsed.append(GuestRow(line, email, guest_name, party_size, language))
    if not parsed and not errors:
        errors.append(_("The file has no guests."))
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def guests_import(
    *, name: str, data: bytes, edition: Edition, item: ProgramItem | None, by: User
) -> list[Rsvp]:
    """Create (or reuse) an account per guest and a confirmed RSVP for each, all or nothing,
    and queue each guest's invitation (ticket, sign-in by code) in their language. A guest
    already booked, or more guests than free seats, is an error that imports nothing."""
    rows = guest_rows_parse(name=name, data=data, edition=edition)
    target = lock_target(edition=edition, item=item)
    errors: list[str] = []
    booked = set(
        Rsvp.objects.filter(
            edition=edition,
            item=item,
            status__in=Rsvp.ACTIVE_STATUSES,
            user__email__in=[row.email for row in rows],
        ).values_list("user__email", flat=True)
    )
    for row in rows:
        if row.email in booked:
            errors.append(
                _("Row %(line)s: %(email)s already has a booking for this.")
                % {"line": row.line, "email": row.email}
            )
    needed = sum(row.party_size for row in rows)
    if target.capacity is not None:
        free = target.capacity - seats_taken(
            edition_id=edition.pk, item_id=item.pk if item else None
        )
        if needed > free:
            errors.append(
                _("The guests need %(needed)s seats but only %(free)s are free.")
                % {"needed": needed, "free": max(free, 0)}
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        user.email.lower(): user for user in User.objects.filter(email__in=[r.email for r in rows])
    }
    created = []
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = User.objects.create_user(
                email=row.email, name=row.name, preferred_language=row.language
            )
            # allauth's record of the address (unverified): the first sign-in with a code sent
            # to it verifies it, so an invited guest signs in without a password or a detour.
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
        created.append(
            rsvp_create(
                user=user,
                edition=edition,
                item=item,
                party_size=row.party_size,
                enforce_window=False,
                allow_waitlist=False,
                notify=False,
            )
        )
        # The invitation carries the ticket and a sign-in link, in the guest's language.
        guest_invitation_notify(rsvp=created[-1])
    audit_log(
        user=by,
        action=AuditEntry.Action.IMPORT,
        target=Rsvp._meta.label,
        row_count=len(created),
        detail={"edition": edition.pk, "item": item.pk if item else None},
    )
    return created
