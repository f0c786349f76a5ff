"""One open SMTP connection per thread, kept between reminder send tasks (``KeptConnection``).

Why, when it is replaced (idle, full, after an error), and how a connection the server closed
while idle is retried once: docs/architecture.md "Kept SMTP connections".
"""

import contextlib
import functools
import logging
import os
import smtplib
import threading
import time

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class _Kept:
    """A thread's open backend, with what decides when it is replaced."""

    __slots__ = ("backend", "closed", "generation", "last_used", "owner", "sent")

    def __init__(self, backend: SmtpBackend, generation: int) -> None:
        self.backend = backend
        self.generation = generation
        self.owner = threading.current_thread()
        self.last_used = time.monotonic()
        self.sent = 0
        self.closed = False


_local = threading.local()
# Every open kept connection of this process, so that worker shutdown can QUIT those of all
# threads. Strong references: the threads pool's threads have ended by then, and a connection
# held only by its thread's locals would have been dropped without a QUIT.
_open: set[_Kept] = set()
_open_lock = threading.Lock()
# Bumped when an EMAIL_* setting changes (tests): connections made with the old settings are
# not used again.
_generation = 0


def _close(kept: _Kept, *, send_quit: bool = True) -> None:
    """Close the connection: with QUIT when it is idle and sound, else (after an error, when
    the session's state is unknown) by closing the socket. Never raises."""
    with _open_lock:
        if kept.closed:
            return
        kept.closed = True
        _open.discard(kept)
    if getattr(_local, "kept", None) is kept:
        _local.kept = None
    try:
        if send_quit:
            kept.backend.close()
        else:
            session, kept.backend.connection = kept.backend.connection, None
            if session is not None:
                session.close()
    except Exception:
        logger.debug("Closing a kept mail connection failed", exc_info=True)


def _expired(kept: _Kept, now: float) -> bool:
    return (
        kept.closed
        or kept.generation != _generation
        or now - kept.last_used > settings.REMINDER_MAIL_CONNECTION_IDLE_SECONDS
    )


def _checkout() -> _Kept:
    """The calling thread's open connection: the kept one if still fit for use, else a new one
    (kept from now on). Raises what opening raises (refused, timeout, login)."""
    kept = getattr(_local, "kept", None)
    if kept is not None and not _expired(kept, time.monotonic()):
        return kept
    if kept is not None:
        _close(kept)
    with _open_lock:
        orphans = [other for other in _open if not other.owner.is_alive()]
    for orphan in orphans:  # their threads ended without closing them
        _close(orphan)
    backend = get_connection()
    try:
        backend.open()
    except BaseException:
        with contextlib.suppress(Exception):
            backend.close()  # a partly opened connection (e.g. refused at AUTH)
        raise
    kept = _Kept(backend, _generation)
    _local.kept = kept
    with _open_lock:
        _open.add(kept)
    return kept


def is_stale(error: BaseException) -> bool:
    """Whether ``error`` says the connection had been closed by the server, rather than that
    the server refused this message: a disconnect, a reset or timed-out socket, or 421 (the
    server is closing the channel; Postfix answers so a client that was idle too long)."""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code == 421 for code in codes)
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, OSError)  # (SMTPException is an OSError too: excluded above)


def _send(message) -> int:
    """Send one message through the thread's kept connection, once more on a new connection if
    the kept one turns out to have been closed by the server."""
    kept = _checkout()
    reused = kept.sent > 0
    try:
        sent = kept.backend.send_messages([message])
    except BaseException as error:
        _close(kept, send_quit=False)
        if not (reused and is_stale(error)):
            raise
        logger.info(
            "The kept mail connection had been closed by the server (%s); sending again on a "
            "new connection",
            type(error).__name__,
        )
        kept = _checkout()
        try:
            sent = kept.backend.send_messages([message])
        except BaseException:
            _close(kept, send_quit=False)
            raise
    kept.sent += 1
    kept.last_used = time.monotonic()
    if kept.sent >= settings.REMINDER_MAIL_CONNECTION_MAX_MESSAGES:
        _close(kept)
    return sent


@functools.cache
def _keeps_connections(backend_path: str) -> bool:
    return issubclass(import_string(backend_path), SmtpBackend)


class KeptConnection(BaseEmailBackend):
    """An email backend that sends through the calling thread's kept connection (see the
    module's docstring) when EMAIL_BACKEND is Django's SMTP backend, and otherwise through a
    new connection of EMAIL_BACKEND per call, as ``EmailMessage.send()`` does.

    Stateless itself: create one wherever convenient; what is kept belongs to the thread.
    """

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        if not _keeps_connections(settings.EMAIL_BACKEND):
            return get_connection(fail_silently=self.fail_silently).send_messages(email_messages)
        sent = 0
        try:
            for message in email_messages:
                sent += _send(message)
        except Exception:
            if not self.fail_silently:
                raise
        return sent


def close_thread_connection() -> None:
    """Close the calling thread's kept connection, if it has one."""
    kept = getattr(_local, "kept", None)
    if kept is not None:
        _close(kept)


def close_all_connections() -> None:
    """Close every kept connection of this process (at worker shutdown, once the pool's
    threads have finished their tasks)."""
    with _open_lock:
        every = list(_open)
    for kept in every:
        _close(kept)


def _email_setting_changed(*, setting: str, **kwargs) -> None:
    global _generation
    if setting.startswith("EMAIL_"):
        _generation += 1


def _forget_inherited() -> None:
    """In a forked child: drop, without QUIT, the connections the parent holds (the socket is
    the parent's; a QUIT from here would end the parent's session)."""
    global _local, _open, _open_lock
    _local = threading.local()
    _open = set()
    _open_lock = threading.Lock()  # another thread may have held the parent's at the fork


setting_changed.connect(_email_setting_changed, dispatch_uid="participants.outbox.mail.settings")
os.register_at_fork(after_in_child=_forget_inherited)
