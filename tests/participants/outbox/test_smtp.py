"""Reminders sent by the send task through a real SMTP server (aiosmtpd on a loopback port): one
kept connection per thread, replaced when idle too long, when full or after an error, and opened
again at once when the server closed it while it sat idle."""

import datetime as dt
import os
import threading
import time

import pytest
from celery.exceptions import Retry
from celery.signals import worker_shutdown
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.db import connections
from django.utils import timezone

from participants.models import Announcement, Reminder
from participants.outbox import mail
from participants.outbox.services import reminder_send
from participants.tasks import send_reminder
from tests.factories import AnnouncementFactory, ReminderFactory, UserFactory
from tests.smtp_relay import running_relay

pytestmark = pytest.mark.django_db


@pytest.fixture
def relay(request, settings):
    """A running SMTP server on loopback (no TLS, no login) that EMAIL_BACKEND points at.
    Parametrize indirectly with aiosmtpd's SMTP options, e.g. ``{"timeout": 0.5}``."""
    with running_relay(**getattr(request, "param", {})) as handler:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = handler.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield handler
        mail.close_thread_connection()


def _due_reminders(*addresses: str) -> list[Reminder]:
    """One announcement reminder, due a minute ago, to each address (in English)."""
    announcement = AnnouncementFactory(status=Announcement.Status.QUEUED_ALL)
    due_at = timezone.now() - dt.timedelta(minutes=1)
    return [
        ReminderFactory(
            kind="announcement",
            recipient=UserFactory(email=address, preferred_language="en"),
            edition=announcement.edition,
            subject=announcement,
            due_at=due_at,
        )
        for address in addresses
    ]


def _status_attempts_error(reminder: Reminder) -> tuple[str, int, str]:
    reminder.refresh_from_db()
    return (reminder.status, reminder.attempts, reminder.last_error)


def test_send_task_three_reminders_in_one_thread_share_one_connection(relay):
    reminders = _due_reminders("ana@example.org", "bo@example.org", "chul@example.org")

    outcomes = [send_reminder(reminder.pk) for reminder in reminders]

    assert outcomes == ["sent", "sent", "sent"]
    assert len(relay.connections) == 1
    assert [(d.connection, d.recipients, d.subject) for d in relay.deliveries] == [
        (0, ["ana@example.org"], "A notice"),
        (0, ["bo@example.org"], "A notice"),
        (0, ["chul@example.org"], "A notice"),
    ]
    assert [_status_attempts_error(reminder) for reminder in reminders] == [("sent", 1, "")] * 3


def test_send_task_connection_idle_longer_than_the_limit_is_replaced(relay, settings):
    settings.REMINDER_MAIL_CONNECTION_IDLE_SECONDS = 0.2
    first, second = _due_reminders("ana@example.org", "bo@example.org")

    send_reminder(first.pk)
    time.sleep(0.4)
    send_reminder(second.pk)

    assert relay.carried() == [(0, ["ana@example.org"]), (1, ["bo@example.org"])]
    assert relay.quits == 1  # the idle one was closed with QUIT, not left to the server


def test_send_task_connection_that_carried_the_maximum_is_replaced(relay, settings):
    settings.REMINDER_MAIL_CONNECTION_MAX_MESSAGES = 2
    reminders = _due_reminders("ana@example.org", "bo@example.org", "chul@example.org")

    for reminder in reminders:
        send_reminder(reminder.pk)

    assert relay.carried() == [
        (0, ["ana@example.org"]),
        (0, ["bo@example.org"]),
        (1, ["chul@example.org"]),
    ]
    assert relay.quits == 1  # closed as soon as it had carried its second message


@pytest.mark.parametrize("relay", [{"timeout": 0.5}], indirect=True)
def test_send_task_connection_dropped_by_the_server_while_idle_reconnects_and_delivers(relay):
    first, second = _due_reminders("ana@example.org", "bo@example.org")
    send_reminder(first.pk)

    time.sleep(1.5)  # the server hangs up on a connection idle for 0.5 s, silently
    outcome = send_reminder(second.pk)

    assert outcome == "sent"
    assert _status_attempts_error(second) == ("sent", 1, "")
    assert relay.carried() == [(0, ["ana@example.org"]), (1, ["bo@example.org"])]


def test_send_task_kept_connection_answered_421_reconnects_and_delivers(relay):
    first, second = _due_reminders("ana@example.org", "bo@example.org")
    send_reminder(first.pk)
    relay.hang_up_at_next_mail = True

    outcome = send_reminder(second.pk)

    assert outcome == "sent"
    assert _status_attempts_error(second) == ("sent", 1, "")
    assert relay.carried() == [(0, ["ana@example.org"]), (1, ["bo@example.org"])]


def test_send_task_new_connection_answered_421_is_a_failed_attempt_retried_later(relay):
    # Only a kept connection may have gone stale: a new one refused is the server's answer.
    [reminder] = _due_reminders("ana@example.org")
    relay.hang_up_at_next_mail = True

    with pytest.raises(Retry):
        send_reminder(reminder.pk)

    status, attempts, last_error = _status_attempts_error(reminder)
    assert (status, attempts) == ("pending", 1)
    assert last_error.startswith(
        "SMTPSenderRefused: (421, b'4.4.2 relay.example.org Error: timeout exceeded', "
    )
    assert (len(relay.connections), relay.deliveries) == (1, [])


def test_send_task_recipient_refused_with_550_is_failed_as_before(relay):
    delivered, refused, after = _due_reminders(
        "ana@example.org", "nobody@example.org", "bo@example.org"
    )
    relay.refused = {"nobody@example.org"}

    outcomes = [send_reminder(reminder.pk) for reminder in (delivered, refused, after)]

    assert outcomes == ["sent", "failed", "sent"]
    assert _status_attempts_error(refused) == (
        "failed",
        1,
        "SMTPRecipientsRefused: {'nobody@example.org': (550, b'5.1.1 No such user here')}",
    )
    assert relay.refusals == ["nobody@example.org"]  # asked once: a refusal is not retried
    # The connection is dropped after any error: the next reminder starts a new one.
    assert relay.carried() == [(0, ["ana@example.org"]), (1, ["bo@example.org"])]


def test_send_task_recipient_greylisted_with_450_is_retried_later_not_failed(relay):
    [reminder] = _due_reminders("ana@example.org")
    relay.greylisted = {"ana@example.org"}

    with pytest.raises(Retry):
        send_reminder(reminder.pk)
    relay.greylisted = set()
    reminder.refresh_from_db()
    outcome = reminder_send(reminder_id=reminder.pk, now=reminder.retry_at)

    assert outcome.status == "sent"
    assert _status_attempts_error(reminder) == ("sent", 2, "")
    assert relay.refusals == ["ana@example.org"]
    assert [d.recipients for d in relay.deliveries] == [["ana@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_send_task_two_threads_use_two_connections(relay):
    first, second = _due_reminders("ana@example.org", "bo@example.org")
    first_sent, second_sent = threading.Event(), threading.Event()
    outcomes = {}

    def work(reminder: Reminder, after: threading.Event | None, then: threading.Event) -> None:
        # Both threads are alive (and keep their connections) while the second one sends.
        try:
            if after is not None:
                after.wait(10)
            outcomes[reminder.pk] = send_reminder(reminder.pk)
            then.set()
            (second_sent if then is first_sent else first_sent).wait(10)
        finally:
            mail.close_thread_connection()
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(first, None, first_sent)),
        threading.Thread(target=work, args=(second, first_sent, second_sent)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert outcomes == {first.pk: "sent", second.pk: "sent"}
    assert relay.carried() == [(0, ["ana@example.org"]), (1, ["bo@example.org"])]
    assert relay.quits == 2


def test_reminder_send_without_a_connection_opens_one_per_message_as_before(relay):
    first, second = _due_reminders("ana@example.org", "bo@example.org")

    reminder_send(reminder_id=first.pk)
    reminder_send(reminder_id=second.pk)

    assert relay.carried() == [(0, ["ana@example.org"]), (1, ["bo@example.org"])]
    assert relay.quits == 2


def test_send_task_with_a_backend_other_than_smtp_sends_as_before():
    # The test settings' locmem backend: nothing to keep open.
    [reminder] = _due_reminders("ana@example.org")

    outcome = send_reminder(reminder.pk)

    [message] = django_mail.outbox
    assert (outcome, message.to, message.subject) == ("sent", ["ana@example.org"], "A notice")


def test_kept_connection_forked_child_opens_its_own_and_leaves_the_parents_alone(relay):
    # What a prefork pool does: the child must neither use nor QUIT its parent's session.
    EmailMessage("One", "Body", to=["ana@example.org"], connection=mail.KeptConnection()).send()

    child = os.fork()
    if child == 0:  # pragma: no cover — the child process
        code = 1
        try:
            message = EmailMessage(
                "Two", "Body", to=["bo@example.org"], connection=mail.KeptConnection()
            )
            message.send()
            mail.close_thread_connection()
            code = 0
        finally:
            os._exit(code)
    _pid, status = os.waitpid(child, 0)
    EmailMessage("Three", "Body", to=["chul@example.org"], connection=mail.KeptConnection()).send()

    assert os.waitstatus_to_exitcode(status) == 0
    assert [(d.connection, d.subject) for d in relay.deliveries] == [
        (0, "One"),
        (1, "Two"),
        (0, "Three"),
    ]


def _send_in_a_thread_that_ends(address: str) -> None:
    """What a pool thread leaves behind: its kept connection, still open, never closed."""
    message = EmailMessage("Hello", "Body", to=[address], connection=mail.KeptConnection())
    thread = threading.Thread(target=message.send)
    thread.start()
    thread.join(10)


def test_worker_shutdown_quits_the_kept_connections_of_every_thread(relay):
    _send_in_a_thread_that_ends("ana@example.org")
    _send_in_a_thread_that_ends("bo@example.org")

    worker_shutdown.send(sender=None)

    assert (len(relay.connections), relay.quits) == (2, 2)


def test_kept_connection_of_an_ended_thread_is_closed_when_a_new_one_opens(relay):
    _send_in_a_thread_that_ends("ana@example.org")

    EmailMessage("Hello", "Body", to=["bo@example.org"], connection=mail.KeptConnection()).send()

    assert (relay.carried(), relay.quits) == (
        [(0, ["ana@example.org"]), (1, ["bo@example.org"])],
        1,
    )
