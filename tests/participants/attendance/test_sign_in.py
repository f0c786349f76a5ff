"""Signing in with a code by email (the default), signing up with an email and a name, and
invited guests' invitations."""

import datetime as dt
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from participants.models import Reminder, Rsvp, User
from participants.outbox.services import reminder_send
from tests.factories import UserFactory, open_edition

pytestmark = pytest.mark.django_db


def test_login_page_offers_the_code_first_and_the_password_as_the_secondary_way(client):
    content = client.get("/en/accounts/login/").content.decode()

    code_form = content.index('action="/en/accounts/login/code/"')
    password_form = content.index('action="/en/accounts/login/"')
    assert code_form < password_form
    assert "<h2>Sign in with a password instead</h2>" in content
    assert 'id="password-sign-in" class="button button-secondary">Sign in with password' in content


def test_sign_in_with_a_code_by_email_without_a_password(client):
    person = UserFactory(email="older.person@example.org", name="할머니")
    person.set_unusable_password()
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)

    requested = client.post("/en/accounts/login/code/", {"email": "older.person@example.org"})
    [message] = mail.outbox
    code = re.search(r"\n(\d{6})\n", message.body).group(1)
    confirmed = client.post(requested["Location"], {"code": code})

    assert requested.status_code == 302
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/en/me/")
    assert client.get("/en/me/").status_code == 200
    assert EmailAddress.objects.get(user=person).verified is True


def test_a_wrong_code_does_not_sign_in(client):
    UserFactory(email="someone@example.org")

    requested = client.post("/en/accounts/login/code/", {"email": "someone@example.org"})
    wrong = client.post(requested["Location"], {"code": "ZZZZZZ"})

    assert wrong.status_code == 200
    assert client.get("/en/me/").status_code == 302


def test_sign_up_needs_only_an_email_and_a_name(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "name": "새 사람", "preferred_language": "ko"},
    )

    user = User.objects.get(email="new@example.org")
    assert response.status_code == 302
    assert (user.name, user.has_usable_password()) == ("새 사람", False)


def test_sign_up_without_a_name_is_refused(client):
    response = client.post("/en/accounts/signup/", {"email": "new@example.org", "name": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_account_without_password_can_delete_itself_once_signed_in(client):
    person = UserFactory()
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    response = client.post("/en/me/delete/", {"password": "", "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_imported_guest_gets_an_invitation_with_ticket_and_sign_in_link_in_their_language(
    client,
):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    edition = open_edition(capacity=10)
    upload = SimpleUploadedFile(
        "guests.csv",
        io.BytesIO(
            b"email,name,party_size,language\nguest@example.org,Jane Guest,2,en\n"
        ).getvalue(),
        content_type="text/csv",
    )

    client.post(
        "/en/admin/participants/rsvp/import-guests/",
        {"edition": edition.pk, "item": "", "file": upload},
    )
    rsvp = Rsvp.objects.get(user__email="guest@example.org")
    invitation = Reminder.objects.get(kind="guest_invitation", subject_id=rsvp.pk)
    reminder_send(reminder_id=invitation.pk, now=invitation.due_at + dt.timedelta(seconds=5))

    assert invitation.language == "en"
    assert not Reminder.objects.filter(kind="rsvp_confirmed", subject_id=rsvp.pk).exists()
    [message] = mail.outbox
    assert message.subject == f"You are invited: {edition.title_en}"
    assert "/en/accounts/login/code/" in message.body
    assert rsvp.code_display in message.body
    assert {
        a[2] if isinstance(a, tuple) else a.get_content_type() for a in message.attachments
    } >= {"application/pdf"}
    assert EmailAddress.objects.get(email="guest@example.org").verified is False
