"""One-click unsubscribe (RFC 8058): signed tokens in every optional email and the opt-out they
record. Called by the render stage and by participants.outbox.views.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from events.common.site import site_url
from participants.models import Reminder, ReminderOptOut
from participants.outbox.models import opt_out_hash
from participants.outbox.services._common import _for_organisers, _with_email

UNSUBSCRIBE_SALT = "participants.reminders.unsubscribe"


def reminder_unsubscribe_token(reminder: Reminder) -> str:
    # The reminder's id, not the address: the link carries nothing personal.
    return signing.dumps(reminder.pk, salt=UNSUBSCRIBE_SALT)


def reminder_unsubscribe_url(reminder: Reminder) -> str:
    return site_url(
        reverse("participants:unsubscribe", args=[reminder_unsubscribe_token(reminder)])
    )


def reminder_from_unsubscribe_token(*, token: str) -> Reminder:
    """The optional reminder a link was made for; ValidationError if tampered with or void."""
    try:
        reminder_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ValidationError(
            _("This unsubscribe link is not valid. Please use the link from the email as it is."),
            code="bad_signature",
        ) from error
    reminder = (
        Reminder.objects.select_related("recipient").filter(pk=reminder_id).first()
        if isinstance(reminder_id, int)
        else None
    )
    if reminder is None or not reminder.is_optional or not reminder.email:
        raise ValidationError(
            _("This unsubscribe link is no longer valid."), code="unknown_reminder"
        )
    return reminder


@transaction.atomic
def reminder_unsubscribe(*, token: str) -> ReminderOptOut:
    """Record the opt-out from the link's kind for the link's address and cancel what is still
    pending of that kind for it. Idempotent; ValidationError for a bad link."""
    reminder = reminder_from_unsubscribe_token(token=token)
    email = reminder.email.lower()
    # Only the keyed hash is kept: the address is used here, to cancel what is pending, and gone.
    opt_out, _created = ReminderOptOut.objects.get_or_create(
        email_hash=opt_out_hash(email), kind=reminder.kind
    )
    pending = _with_email(
        Reminder.objects.filter(kind=reminder.kind, status=Reminder.Status.PENDING)
    ).filter(_email=email)
    Reminder.objects.filter(pk__in=list(pending.values_list("pk", flat=True))).update(
        status=Reminder.Status.CANCELLED,
        last_error=_for_organisers(gettext_noop("The recipient unsubscribed.")),
    )
    return opt_out
