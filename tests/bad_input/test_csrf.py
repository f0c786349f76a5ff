"""Forged cross-site POSTs: every public, vendor and door form refuses a POST without the CSRF
token (403, the translated page) and saves nothing. The views exempt from CSRF are exactly the
three that must be, each for a stated reason, and every address of the site is classified here
so that a new form cannot be added without being put through this test."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.bad_input.conftest import logged_in, snapshot

pytestmark = pytest.mark.django_db

# Exempt on purpose. unsubscribe: mail providers POST "List-Unsubscribe=One-Click" with no cookie
# (RFC 8058), and the signed token is the authority; csp_report: browsers send reports without
# cookies; the open-data API (django-ninja exempts its views): read-only, it answers POST with 405.
CSRF_EXEMPT = {"unsubscribe", "csp_report"}
API_PREFIX = "api/v1/"

# Every address that takes a POST, as (name, who posts, how to build the path).
POST_FORMS = {
    "account_signup": ("anonymous", lambda w: "/en/accounts/signup/"),
    "account_login": ("anonymous", lambda w: "/en/accounts/login/"),
    "account_request_login_code": ("anonymous", lambda w: "/en/accounts/login/code/"),
    "account_reset_password": ("anonymous", lambda w: "/en/accounts/password/reset/"),
    "account_logout": ("person", lambda w: "/en/accounts/logout/"),
    "account_email": ("person", lambda w: "/en/accounts/email/"),
    "account_change_password": ("person", lambda w: "/en/accounts/password/change/"),
    "account_delete": ("person", lambda w: "/en/me/delete/"),
    "rsvp": ("person", lambda w: "/en/rsvp/"),
    "rsvp_cancel": ("person", lambda w: f"/en/me/rsvps/{w.rsvp.pk}/cancel/"),
    "rsvp_cancel_signed": (
        "anonymous",
        lambda w: f"/en/rsvp/{w.rsvp.pk}/cancel/{w.tokens['cancel']}/",
    ),
    "waitlist_offer": ("anonymous", lambda w: f"/en/rsvp/offer/{w.offer.pk}/{w.tokens['offer']}/"),
    "vendor_profile": ("vendor", lambda w: "/en/vendor/profile/"),
    "vendor_application": ("vendor", lambda w: "/en/vendor/application/"),
    "vendor_application_withdraw": ("vendor", lambda w: "/en/vendor/application/withdraw/"),
    "vendor_permits": ("vendor", lambda w: "/en/vendor/permits/"),
    "vendor_permit_delete": ("vendor", lambda w: f"/en/vendor/permits/{w.permit.pk}/delete/"),
    "vendor_product_add": ("vendor", lambda w: "/en/vendor/products/add/"),
    "vendor_product_edit": ("vendor", lambda w: f"/en/vendor/products/{w.product.pk}/edit/"),
    "vendor_product_delete": ("vendor", lambda w: f"/en/vendor/products/{w.product.pk}/delete/"),
    "tribute_write": ("person", lambda w: "/en/remember/write/"),
    "tribute_report": ("anonymous", lambda w: f"/en/remember/{w.tribute.pk}/report/"),
    "tribute_delete_signed": ("anonymous", lambda w: f"/en/remember/delete/{w.tokens['tribute']}/"),
    "survey_answer": ("anonymous", lambda w: f"/en/survey/{w.tokens['survey']}/"),
    "checkin": ("door", lambda w: "/en/checkin/"),
    "checkin_scan": ("door", lambda w: "/en/checkin/scan/"),
}

# Addresses that only read (GET or HEAD), or belong to allauth's flows that are not reachable
# without a step above (their POSTs are CSRF-protected the same way, by the middleware).
READ_ONLY_OR_FOLLOW_ON = {
    "healthz", "readyz", "metrics", "openapi-json", "openapi-view", "api-root", None,
    "home", "about", "accessibility", "programme_list", "programme_ics", "programme_changes",
    "programme_detail", "programme_item_ics", "performer_photo", "performer_photo_preview",
    "now", "now_screen", "now_json", "live_stage", "cuesheet_item", "cuesheet_stage",
    "schedule_xml", "schedule_json", "changes_feed", "stage_ics", "kind_ics", "embed_programme",
    "edition_home", "edition_programme_list", "edition_programme_ics", "edition_schedule_xml",
    "edition_schedule_json", "edition_changes_feed", "edition_kind_ics",
    "edition_programme_changes", "catalogue", "labels", "image", "detail", "ticket_signed",
    "ticket_signed_pdf", "me", "ticket", "ticket_ics", "ticket_pdf", "checkin_counts",
    "checkin_door_list", "vendor_home", "vendor_permit_scan", "vendor_products", "product_photo",
    "market", "market_plan", "market_vendor", "tribute_wall", "tribute_screen",
    "tribute_screen_data",
    "tribute_detail", "tribute_mine", "survey_thanks", "account_inactive", "account_reauthenticate",
    "account_request_reauthentication_code", "account_confirm_reauthentication_code",
    "account_email_verification_sent", "account_set_password", "account_confirm_login_code",
    "account_confirm_email", "account_reset_password_from_key_done",
    "account_reset_password_from_key", "account_reset_password_done", "mfa_index",
    "mfa_authenticate", "mfa_reauthenticate", "mfa_activate_totp", "mfa_deactivate_totp",
    "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_download_recovery_codes",
}  # fmt: skip


def site_patterns(patterns=None, prefix=""):
    """(prefix + route, name, view) of every address outside the admin."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if "admin" not in str(pattern.pattern):
                yield from site_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name, pattern.callback


def test_csrf_exempt_views_are_exactly_the_documented_ones():
    exempt = {
        name
        for route, name, view in site_patterns()
        if getattr(view, "csrf_exempt", False) and not route.startswith(API_PREFIX)
    }

    assert exempt == CSRF_EXEMPT


def test_every_address_of_the_site_is_classified_for_the_csrf_sweep():
    names = {name for route, name, view in site_patterns() if not route.startswith(API_PREFIX)}

    assert names - set(POST_FORMS) - READ_ONLY_OR_FOLLOW_ON - CSRF_EXEMPT == set()


def test_the_open_data_api_refuses_posts(client):
    response = client.post("/api/v1/editions", {"year": 2025})

    assert response.status_code == 405


@pytest.mark.parametrize("name", sorted(POST_FORMS))
def test_forged_post_without_csrf_token_is_refused_and_saves_nothing(world, name):
    who, path = POST_FORMS[name]
    users = {"person": world.person, "vendor": world.vendor.owner, "door": world.door}
    data = {"email": "attacker@evil.example", "name": "Forged", "action": "admit", "accept": "1"}
    client = client_for(users.get(who))  # (a staff sign-in is audited: before the snapshot)
    before = snapshot()

    response = client.post(path(world), data, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 403
    assert "CSRF" not in response.content.decode()  # our translated page, not Django's debug one
    assert "private.example.org" not in response.content.decode()
    assert snapshot() == before
    # The refusal was the CSRF check's: the same request from the site itself is let through.
    assert client_for(users.get(who), csrf_checks=False).post(path(world), data).status_code != 403


def client_for(user, *, csrf_checks: bool = True):
    if user is None:
        return Client(enforce_csrf_checks=csrf_checks)
    return logged_in(user, csrf_checks=csrf_checks)
