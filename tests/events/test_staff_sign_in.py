"""Staff sign in through allauth (rate limits, two-step sign-in), which the admin requires for
staff who can see private details or export; failed staff sign-ins are audited."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.test import Client

from config.settings import base
from events.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def staff(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in(client: Client, email: str, password: str):
    return client.post("/en/accounts/login/", {"login": email, "password": password})


def test_admin_login_page_sends_to_allauth(client):
    response = client.get("/en/admin/login/?next=/en/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"


def test_admin_login_post_with_password_alone_signs_nobody_in(client):
    user = staff(is_superuser=True)
    with_totp(user)

    response = client.post(
        "/en/admin/login/", {"username": user.email, "password": PASSWORD, "next": "/en/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_staff_with_totp_needs_the_code_after_the_password(client):
    user = staff(is_superuser=True)
    secret = with_totp(user)

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/en/admin/").status_code == 302
    client.post("/en/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/en/admin/").status_code == 200


def test_staff_sign_in_rate_limited_even_with_the_right_password(client, settings):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    user = staff()
    for _ in range(5):
        sign_in(client, user.email, "wrong password")

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_staff_sign_in_audited_by_id(client):
    user = staff()
    attendee = UserFactory()

    sign_in(client, user.email.upper(), "wrong password")
    sign_in(client, attendee.email, "wrong password")
    sign_in(client, "nobody@example.org", "wrong password")

    entries = list(AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED))
    assert [(e.user, e.target, e.object_id, e.detail) for e in entries] == [
        (user, "participants.User", str(user.pk), {})
    ]


@pytest.fixture
def two_step_required(settings):
    settings.STAFF_TWO_STEP_REQUIRED = True


@pytest.mark.parametrize(
    "codenames",
    [["view_lender", "view_lender_private"], ["view_rsvp", "export_rsvp"]],
)
def test_admin_sends_private_or_export_staff_to_set_up_two_step(
    client, two_step_required, codenames
):
    user = staff()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    for url in ("/en/admin/", "/en/admin/participants/rsvp/", "/en/admin/exhibits/lender/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/2fa/totp/activate/"), url


def test_admin_opens_for_superuser_with_two_step(client, two_step_required):
    user = staff(is_superuser=True)
    with_totp(user)
    client.force_login(user)

    assert client.get("/en/admin/").status_code == 200


def test_admin_superuser_without_two_step_sent_to_set_up(client, two_step_required):
    user = staff(is_superuser=True)
    client.force_login(user)

    response = client.get("/en/admin/exhibits/lender/")

    assert response.status_code == 302
    assert response["Location"] == (
        "/en/accounts/2fa/totp/activate/?next=%2Fen%2Fadmin%2Fexhibits%2Flender%2F"
    )


def test_admin_view_only_staff_without_two_step_may_enter(client, two_step_required):
    user = staff()
    user.user_permissions.add(Permission.objects.get(codename="view_lender"))
    client.force_login(user)

    assert client.get("/en/admin/exhibits/lender/").status_code == 200


def test_production_requires_two_step():
    source = (django_settings.BASE_DIR / "config/settings/production.py").read_text()

    assert "\nSTAFF_TWO_STEP_REQUIRED = True\n" in source
