"""Crafted addresses: a NUL byte anywhere in the parameters is a 400 (PostgreSQL cannot compare
text holding one, so an admin list filter with it was a 500), and crafted admin URLs (an object
id that is not one, an unknown ordering, page or lookup) never answer 500 or echo a private
value."""

import pytest

from tests.bad_input.conftest import logged_in

pytestmark = pytest.mark.django_db

NUL_ADDRESSES = [
    "/en/admin/participants/rsvp/?status__exact=%00",
    "/en/admin/events/programitem/?kind=a%00b",
    "/en/admin/participants/user/?q=%00",
    "/en/exhibits/?q=%00nul",
    "/en/rsvp/?item=1%00",
    "/en/remember/?order=random&seed=%00",
    "/en/checkin/?q=%00%00",
]

CRAFTED_ADMIN = [
    "/en/admin/participants/vendor/abc/change/",
    "/en/admin/participants/vendor/999999/change/",
    "/en/admin/participants/vendor/1/history/",
    "/en/admin/participants/vendor/?o=99",
    "/en/admin/participants/vendor/?o=-1.x",
    "/en/admin/participants/vendor/?p=-3",
    "/en/admin/participants/vendor/?p=abc",
    "/en/admin/participants/vendor/?e=1",
    "/en/admin/participants/vendor/?not_a_field=1",
    "/en/admin/participants/vendor/?owner__password__startswith=p",
    "/en/admin/participants/vendor/?_to_field=owner__password",
    "/en/admin/participants/rsvp/?edition__id__exact=abc",
    "/en/admin/participants/user/?q=" + "x" * 5000,
    "/en/admin/events/auditentry/?detail__icontains=secret",
]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_nul_byte_in_a_parameter_is_a_clear_400(world, address):
    client = logged_in(world.door, csrf_checks=False)
    staff = logged_in(_superuser(), csrf_checks=False)

    for who in (client, staff):
        response = who.get(address)

        assert response.status_code == 400
        assert "The request could not be handled" in response.content.decode()


def test_nul_byte_in_a_posted_field_is_a_400_and_saves_nothing(world):
    from tests.bad_input.conftest import snapshot

    client = logged_in(world.vendor.owner, csrf_checks=False)
    before = snapshot()

    response = client.post(
        "/en/vendor/profile/", {"display_name_ko": "가게\x00", "visibility": "named"}
    )

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("address", CRAFTED_ADMIN)
def test_crafted_admin_address_never_a_500_nor_private(world, address):
    world.vendor.legal_name = "비밀실명"
    world.vendor.save()
    view_only = _view_only_staff()

    for who in (logged_in(_superuser(), csrf_checks=False), view_only):
        response = who.get(address)

        assert response.status_code in (200, 302, 400, 403, 404), (address, response.status_code)
    assert "비밀실명" not in view_only.get(address).content.decode()


def _superuser():
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


def _view_only_staff():
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__startswith="view_").exclude(
            codename__endswith="_private"
        )
    )
    return logged_in(user, csrf_checks=False)
