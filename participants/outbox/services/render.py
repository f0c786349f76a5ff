"""Rendering a reminder as an email in its recipient's language: subject, text and HTML parts,
calendar file, Message-ID and List-Unsubscribe headers. Called by the send stage.
"""

import datetime as dt
import hashlib

from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from events.common.site import site_domain, site_url
from events.live.models import ProgrammeVersion
from events.live.selectors import changelog_display
from events.models import SEOUL, Appearance, ProgramItem, Stage
from participants.attendance.selectors import rsvp_calendar, rsvp_cancel_url, ticket_url
from participants.models import Reminder, Rsvp
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


def _rsvp_context(rsvp: Rsvp, now: dt.datetime) -> tuple[dict, bytes]:
    edition, item = rsvp.edition, rsvp.item
    if item:
        starts_at, ends_at, title = item.starts_at, item.ends_at, item.title
        place = f"{item.stage.name}, {edition.venue}"
    else:
        starts_at, ends_at, title = edition.day_starts_at, edition.day_ends_at, edition.title
        place = edition.venue
    context = {
        "rsvp": rsvp,
        "edition": edition,
        "item": item,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "address": edition.address,
        "ticket_url": ticket_url(rsvp),
        "cancel_url": rsvp_cancel_url(rsvp),
    }
    return context, rsvp_calendar(rsvp=rsvp, now=now)


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
        if reminder.kind in Reminder.RSVP_KINDS and subject is not None:
            extra, ics = _rsvp_context(subject, now)
        elif reminder.kind == Reminder.Kind.PERFORMER_CALL and subject is not None:
            extra = _performer_context(subject)
        elif reminder.kind == Reminder.Kind.ANNOUNCEMENT and subject is not None:
            extra = {"announcement": subject, "edition": subject.edition}
        elif reminder.kind == Reminder.Kind.PROGRAMME_CHANGED and subject is not None:
            extra = _programme_changed_context(subject, reminder.context)
        elif reminder.kind == Reminder.Kind.STAGE_DELAYED and subject is not None:
            extra = _stage_delayed_context(subject, reminder.context)
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
    message = EmailMultiAlternatives(
        subject=subject_line,
        body=text,
        from_email=from_email(language=reminder.language),
        to=[reminder.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    if ics is not None:
        message.attach("defectors-day.ics", ics.decode(), "text/calendar")
    return message
