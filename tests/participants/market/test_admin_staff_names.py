"""The admin names the organiser who decided, checked or listed, not "user #1" (issue 17)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from participants.market.services import permit_verify, stall_application_approve
from tests.factories import PermitFactory, StallApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(
        name="김운영", email="organiser@example.org", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return user


def test_stall_application_change_page_shows_who_decided_by_name(client, organiser):
    application = StallApplicationFactory()
    stall_application_approve(application=application, by=organiser)

    with translation.override("ko"):
        html = client.get(
            reverse("admin:participants_stallapplication_change", args=[application.pk])
        ).content.decode()

    assert '<div class="readonly">김운영</div>' in html
    assert f"사용자 #{organiser.pk}" not in html


def test_permit_change_page_shows_who_checked_by_email_when_nameless(client, organiser):
    checker = UserFactory(name="", email="checker@example.org", is_staff=True)
    permit = PermitFactory(status="pending")
    permit_verify(permit=permit, by=checker)

    with translation.override("en"):
        html = client.get(
            reverse("admin:participants_permit_change", args=[permit.pk])
        ).content.decode()

    assert '<div class="readonly">checker@example.org</div>' in html
    assert f"user #{checker.pk}" not in html


def test_stall_applications_list_has_eight_short_columns(client, organiser):
    application = StallApplicationFactory(
        status="info_requested", needs_power=True, needs_water=True
    )

    with translation.override("ko"):
        response = client.get(reverse("admin:participants_stallapplication_changelist"))
        status = application.get_status_display()
        needs = f"{gettext('electricity')}, {gettext('water')}"

    html = response.content.decode()
    assert f'<td class="field-status_label">{status}</td>' in html
    assert f'<td class="field-needs_display">{needs}</td>' in html
    assert '<td class="field-size_short">3 \u00d7 3 m</td>' in html
