"""Sign-up does the same work for an address that has an account and one that has not, so its
timing tells an attacker nothing: one password hash and one email each."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from participants.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 7"


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Every password hash computed (the test settings' hasher, counted)."""
    computed: list[str] = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        computed.append("hash")
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return computed


def sign_up(client, email: str):
    return client.post(
        "/en/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "name": "N",
            "preferred_language": "en",
        },
    )


def test_signup_existing_and_new_email_do_the_same_work(client, hashes):
    known = UserFactory(email="known@example.org")
    EmailAddress.objects.create(user=known, email=known.email, verified=True, primary=True)
    hashes.clear()

    existing = sign_up(client, "known@example.org")
    work_existing = (len(hashes), len(mail.outbox), existing.status_code, existing["Location"])
    hashes.clear()
    mail.outbox.clear()
    client.logout()
    new = sign_up(client, "new.person@example.org")
    work_new = (len(hashes), len(mail.outbox), new.status_code, new["Location"])

    assert work_existing == work_new == (1, 1, 302, "/en/accounts/confirm-email/")
    assert User.objects.filter(email="new.person@example.org").count() == 1
    assert User.objects.filter(email="known@example.org").count() == 1
