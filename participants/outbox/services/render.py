"""Rendering a reminder as an email in its recipient's language: subject, text and HTML parts,
calendar file, Message-ID and List-Unsubscribe headers. Called by the send stage.
"""

import datetime as dt
import hashlib
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from events.common.formatting import local_date, local_datetime, local_time_range
from events.common.site import site_domain, site_url
from events.live.models import ProgrammeVersion
from events.live.selectors import changelog_display
from events.models import SEOUL, Appearance, ProgramItem, Stage
from participants.attendance.selectors import (
    offer_url,
    rsvp_calendar,
    rsvp_cancel_url,
    ticket_pdf,
    ticket_qr_png,
    ticket_url,
)
from participants.models import Reminder, Rsvp, WaitlistOffer
from participants.outbox.senders import from_email
from participants.outbox.services._common import (
    PermanentFailure,
    _describe,
    _for_organisers,
)
from participants.outbox.services.unsubscribe import reminder_unsubscribe_url


def reminder_message_id(reminder: Reminder) -> str:
    """A Message-ID derived from the row's key: a duplicate send carries the same one, so mail
    clients fold it (docs/architecture.md)."""
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:32]
    return f"<reminder.{digest}@{site_domain()}>"


def _rsvp_context(rsvp: Rsvp) -> dict:
    """What, when, where and the links of a booking, in the active language and Seoul time."""
    edition, item = rsvp.edition, rsvp.item
    if item:
        title = item.title
        place = f"{item.stage.name}, {edition.venue}"
        when = local_time_range(item.starts_at, item.ends_at)
    else:
        title, place, when = edition.title, edition.venue, local_date(edition.date)
    return {
        "rsvp": rsvp,
        "edition": edition,
        "item": item,
        "title": title,
        "starts_at": rsvp.starts_at,
        "ends_at": rsvp.ends_at,
        "when": when,
        "place": place,
        "address": edition.address,
        "display_name": rsvp.display_name,
        "ticket_url": ticket_url(rsvp),
        "cancel_url": rsvp_cancel_url(rsvp),
    }


def _offer_context(offer: WaitlistOffer) -> dict:
    context = _rsvp_context(offer.rsvp)
    context.update(
        {
            "offer": offer,
            "offer_url": offer_url(offer),
            "deadline": local_datetime(offer.expires_at),
        }
    )
    return context


def _performer_context(appearance: Appearance) -> dict:
    item = appearance.item
    return {
        "appearance": appearance,
        "item": item,
        "edition": item.edition,
        "title": item.title,
        "call_time": appearance.call_time,
        "starts_at": item.starts_at,
        "place": f"{item.stage.name}, {item.edition.venue}",
        "address": item.edition.address,
    }


def _bookings_url(reminder: Reminder) -> str:
    """The attendee's own page of bookings; "" for a performer written to at an address with
    no account (they have no such page)."""
    return site_url(reverse("participants:me")) if reminder.recipient_id else ""


def _programme_changed_context(version: ProgrammeVersion, context: dict) -> dict:
    wanted = set(context.get("item_ids", []))
    return {
        "version": version,
        "edition": version.edition,
        "changes": changelog_display(entries=version.changelog, item_ids=wanted),
        "changes_url": site_url(reverse("events:programme_changes")),
    }


def _stage_delayed_context(stage: Stage, context: dict) -> dict:
    items = ProgramItem.objects.filter(pk__in=context.get("item_ids", [])).select_related("live")
    return {
        "stage": stage,
        "edition": stage.edition,
        "minutes": context.get("minutes", 0),
        "items": [
            {
                "title": item.title,
                "planned": item.starts_at,
                "expected": (getattr(item, "live", None) and item.live.starts_at) or item.starts_at,
            }
            for item in items.order_by("starts_at", "pk")
        ],
        "now_url": site_url(reverse("events:now")),
    }


def reminder_message(
    *, reminder: Reminder, now: dt.datetime | None = None, connection=None
) -> EmailMultiAlternatives:
    """Render ``templates/email/<kind>/{subject.txt,body.txt,body.html}`` in the recipient's
    language and build the message (Message-ID, List-Unsubscribe on optional kinds, ICS).

    The template context is ``reminder.context`` plus ``reminder``, ``recipient``, ``subject``
    (what it is about, or None), ``site_url``, and per kind the keys built below.
    Raises TemplateDoesNotExist/TemplateSyntaxError or PermanentFailure.
    """
    now = now or timezone.now()
    subject = reminder.subject if reminder.subject_type_id else None
    headers = {"Message-ID": reminder_message_id(reminder), "Auto-Submitted": "auto-generated"}
    # Everything below reads translated fields (titles, venues) and formats times: in the
    # recipient's language, in Seoul time.
    with translation.override(reminder.language), timezone.override(SEOUL):
        extra: dict = {}
        ics = None
        if reminder.kind == Reminder.Kind.WAITLIST_OFFER and subject is not None:
            extra = _offer_context(subject)
        elif reminder.kind in Reminder.RSVP_KINDS and subject is not None:
            extra = _rsvp_context(subject)
            ics = rsvp_calendar(rsvp=subject, now=now)
        elif reminder.kind in BOOKING_NOTICE_KINDS and subject is not None:
            extra = _rsvp_context(subject)
        extra["show_links"] = reminder.kind in Reminder.RSVP_KINDS
        extra["ticket_attached"] = reminder.kind in Reminder.TICKET_KINDS
        if reminder.kind == Reminder.Kind.GUEST_INVITATION:
            extra["sign_in_url"] = site_url(reverse("account_request_login_code"))
        elif reminder.kind == Reminder.Kind.PERFORMER_CALL and subject is not None:
            extra = _performer_context(subject)
        elif reminder.kind == Reminder.Kind.ANNOUNCEMENT and subject is not None:
            extra = {"announcement": subject, "edition": subject.edition}
        elif reminder.kind == Reminder.Kind.PROGRAMME_CHANGED and subject is not None:
            extra = _programme_changed_context(subject, reminder.context)
        elif reminder.kind == Reminder.Kind.STAGE_DELAYED and subject is not None:
            extra = _stage_delayed_context(subject, reminder.context)
        if reminder.kind in (Reminder.Kind.PROGRAMME_CHANGED, Reminder.Kind.STAGE_DELAYED):
            extra["bookings_url"] = _bookings_url(reminder)
        elif reminder.kind == Reminder.Kind.SURVEY_INVITATION and subject is not None:
            # The survey slice writes its signed link into the row's context.
            extra = {"survey": subject, "edition": subject.edition}
        if reminder.is_optional:
            extra["unsubscribe_url"] = reminder_unsubscribe_url(reminder)
            headers["List-Unsubscribe"] = f"<{extra['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context = {
            **reminder.context,
            **extra,
            "reminder": reminder,
            "recipient": reminder.recipient,
            "subject": subject,
            "site_url": site_url(),
        }
        folder = f"email/{reminder.kind}"
        try:
            subject_line = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
            text = render_to_string(f"{folder}/body.txt", context)
            html = render_to_string(f"{folder}/body.html", context)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            raise PermanentFailure(
                _for_organisers(
                    gettext_noop("The email template could not be used: %(error)s"),
                    error=_describe(error),
                )
            ) from error
    message = ReminderEmail(
        subject=subject_line,
        body=text,
        from_email=from_email(language=reminder.language),
        to=[reminder.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    if reminder.kind in Reminder.TICKET_KINDS and subject is not None:
        _attach_ticket(message, subject, language=reminder.language, context=extra)
    if ics is not None:
        message.attach("defectors-day.ics", ics.decode(), "text/calendar")
    return message


class ReminderEmail(EmailMultiAlternatives):
    """An email whose HTML part may show images of its own (``cid:``): multipart/mixed holding
    multipart/related (the text and HTML alternatives, then the images), then attachments, so
    mail apps show the QR code inside the message and the PDF and calendar file as files."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.inline_images: list[MIMEImage] = []

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.inline_images:
            return msg
        related = SafeMIMEMultipart(
            _subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET
        )
        related.attach(msg)
        for image in self.inline_images:
            related.attach(image)
        return related


# Kinds about a booking that carry no ticket: the booking's details and links only.
BOOKING_NOTICE_KINDS = frozenset({Reminder.Kind.RSVP_WAITLISTED, Reminder.Kind.RSVP_CANCELLED})
QR_CONTENT_ID = "ticket-qr"


def _attach_ticket(message, rsvp: Rsvp, *, language: str, context: dict) -> None:
    """The QR code inline (``cid:ticket-qr``: it shows with no network, in the mail app) and
    the ticket as a one-page PDF."""
    image = MIMEImage(ticket_qr_png(rsvp), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="ticket-qr.png")
    message.inline_images.append(image)
    pdf = ticket_pdf(rsvp, language=language, context=context)
    message.attach(f"ticket-{rsvp.code_display}.pdf", pdf, "application/pdf")
