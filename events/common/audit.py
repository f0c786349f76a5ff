"""Audit entries that are not exports: staff sign-ins (ids only, never names or emails)."""

from typing import Any

from django.http import HttpRequest

from events.common.exports import audit_log
from events.models import AuditEntry


def log_staff_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Record that a staff account signed in (through the admin or the site's login)."""
    if not getattr(user, "is_staff", False):
        return
    audit_log(
        user=user,
        action=AuditEntry.Action.ADMIN_LOGIN,
        target=user._meta.label,
        object_id=str(user.pk),
    )
