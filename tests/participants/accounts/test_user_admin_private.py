"""The User admin seals attendees' address, name and phone behind view_user_private, as every
private field is sealed (events.common.private_admin); the walk over every changelist is in
tests/events/test_private_admin.py."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from events.models import AuditEntry
from tests.factories import RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = "/en/admin/participants/user/"


def staff(*codenames: str) -> Client:
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def attendee():
    return UserFactory(email="hana.kim@private.example.org", name="김하나", phone="010-1234-5678")


def test_user_admin_view_only_staff_cannot_search_attendees_by_email(attendee):
    client = staff("view_user")

    found = client.get(USERS, {"q": "hana.kim"})
    not_found = client.get(USERS, {"q": "nobody"})

    assert [u.pk for u in found.context["cl"].result_list] == [
        u.pk for u in not_found.context["cl"].result_list
    ]
    assert "private.example.org" not in found.content.decode()


@pytest.mark.parametrize(
    "lookup", ["email__startswith", "email__regex", "name__contains", "phone__endswith"]
)
def test_user_admin_lookup_on_a_private_field_is_a_400_echoing_nothing(attendee, lookup):
    client = staff("view_user")

    response = client.get(USERS, {lookup: "h"})

    assert response.status_code == 400
    assert "private.example.org" not in response.content.decode()


def test_user_admin_list_and_change_page_show_no_address_name_or_phone(attendee):
    client = staff("view_user")

    listing = client.get(USERS).content.decode()
    change = client.get(f"{USERS}{attendee.pk}/change/").content.decode()

    for page in (listing, change):
        for private in ("private.example.org", "김하나", "010-1234-5678"):
            assert private not in page
    assert f"user #{attendee.pk}" in listing
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PRIVATE_VIEW).exists()


def test_user_admin_not_sorted_by_the_hidden_address(attendee):
    client = staff("view_user")
    UserFactory(email="aaa@private.example.org")

    response = client.get(USERS)

    assert (
        response.context["cl"].get_ordering(response.wsgi_request, response.context["cl"].queryset)[
            0
        ]
        == "-pk"
    )
    assert client.get(USERS, {"o": "1"}).status_code == 200


def test_user_admin_to_field_email_refused(attendee):
    client = staff("view_user")

    response = client.get(USERS, {"_to_field": "email"})

    assert response.status_code == 400


def test_user_autocomplete_from_rsvps_cannot_search_by_email(attendee):
    RsvpFactory(user=attendee)
    client = staff("view_user", "view_rsvp", "change_rsvp")
    params = {"app_label": "participants", "model_name": "rsvp", "field_name": "user"}

    found = client.get("/en/admin/autocomplete/", {**params, "term": "hana.kim"})
    other = client.get("/en/admin/autocomplete/", {**params, "term": "zzz"})

    # Without a field it may search, the user picker has nothing to search: Django's 404.
    assert (found.status_code, other.status_code) == (404, 404)
    assert "private.example.org" not in found.content.decode()


def test_user_autocomplete_with_the_permission_finds_by_email(attendee):
    RsvpFactory(user=attendee)
    client = staff("view_user", "view_user_private", "view_rsvp", "change_rsvp")
    params = {"app_label": "participants", "model_name": "rsvp", "field_name": "user"}

    found = client.get("/en/admin/autocomplete/", {**params, "term": "hana.kim"}).json()

    assert found["results"] == [{"id": str(attendee.pk), "text": f"user #{attendee.pk}"}]


def test_user_admin_with_permission_sees_and_searches_and_is_audited(attendee):
    client = staff("view_user", "view_user_private")

    found = client.get(USERS, {"q": "hana.kim"})
    change = client.get(f"{USERS}{attendee.pk}/change/")

    assert [u.pk for u in found.context["cl"].result_list] == [attendee.pk]
    assert "hana.kim@private.example.org" in change.content.decode()
    assert "010-1234-5678" in change.content.decode()
    assert sorted(
        AuditEntry.objects.filter(action=AuditEntry.Action.PRIVATE_VIEW).values_list(
            "user", "target", "object_id"
        )
    ) == [
        (client.user.pk, "participants.User", ""),
        (client.user.pk, "participants.User", str(attendee.pk)),
    ]


def test_user_admin_add_needs_the_private_permission():
    assert staff("add_user", "change_user").get(f"{USERS}add/").status_code == 403
    allowed = staff("add_user", "change_user", "view_user_private")
    assert allowed.get(f"{USERS}add/").status_code == 200
