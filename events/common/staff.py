"""Staff sign-in: two-step sign-in required for staff who can see private details or export,
and failed staff sign-ins written to the audit log (ids only, never the address typed).

The admin's own login page is replaced by allauth's (config/urls.py, ``secure_admin_login``), so
staff get allauth's rate limits and its two-step stage like everyone else.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from events.common.exports import audit_log
from events.models import AuditEntry


def staff_needs_two_step(user: Any) -> bool:
    """Superusers and staff holding any "can see private details", free-text or export
    permission."""
    if not (user.is_authenticated and user.is_staff and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(
        # "_free_text": survey answers people write themselves may name someone.
        codename.endswith(("_private", "_free_text")) or codename.startswith("export_")
        for codename in (perm.split(".", 1)[1] for perm in user.get_all_permissions())
    )


def staff_has_two_step(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffTwoStepMiddleware:
    """Before any admin page opens, such a user without an authenticator app is sent to set one
    up (allauth creates the recovery codes with it)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not settings.STAFF_TWO_STEP_REQUIRED or match is None:
            return None
        if "admin" not in match.namespaces or match.url_name in {"login", "logout"}:
            return None
        user = request.user
        if not staff_needs_two_step(user) or staff_has_two_step(user):
            return None
        messages.warning(
            request,
            gettext(
                "Your permissions let you see private details, so the admin needs two-step "
                "sign-in. Set up an authenticator app first; keep the recovery codes safe."
            ),
        )
        target = reverse("mfa_activate_totp")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def log_failed_staff_sign_in(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A wrong password for a staff account: one audit entry naming the account by id. Nothing
    is written for other addresses (the log is not a list of who tried what)."""
    typed = credentials.get("email") or credentials.get("username") or ""
    if not isinstance(typed, str) or not typed:
        return
    staff = get_user_model().objects.filter(email__iexact=typed.strip(), is_staff=True).first()
    if staff is None:
        return
    audit_log(
        user=staff,
        action=AuditEntry.Action.LOGIN_FAILED,
        target=staff._meta.label,
        object_id=str(staff.pk),
    )
