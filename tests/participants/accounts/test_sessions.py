"""Sessions as production keeps them with Redis (cached_db): read from the cache, and signing
out, here or everywhere, still ends them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participants.accounts.services import account_delete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/en/me/"


@pytest.fixture(autouse=True)
def _cached_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_signed_in_page_reads_the_session_from_the_cache():
    browser = _signed_in(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        response = browser.get(ME)

    assert response.status_code == 200
    assert [q["sql"] for q in queries if "django_session" in q["sql"]] == []


def test_sign_out_ends_the_cached_session():
    browser = _signed_in(UserFactory())
    cookie = browser.cookies["sessionid"].value

    browser.post("/en/accounts/logout/")
    stolen = Client()
    stolen.cookies["sessionid"] = cookie

    assert stolen.get(ME).status_code == 302
    assert stolen.get(ME)["Location"].startswith("/en/accounts/login/")


def test_new_password_signs_out_every_other_device():
    person = UserFactory()
    phone = _signed_in(person)
    assert phone.get(ME).status_code == 200

    person.set_password("a new and long passphrase")
    person.save()

    assert phone.get(ME).status_code == 302


def test_deactivated_account_is_signed_out_everywhere():
    person = UserFactory()
    phone = _signed_in(person)

    person.is_active = False
    person.save()

    assert phone.get(ME).status_code == 302


def test_deleted_account_is_signed_out_everywhere():
    person = UserFactory()
    phone = _signed_in(person)

    account_delete(user=person)

    assert phone.get(ME).status_code == 302
