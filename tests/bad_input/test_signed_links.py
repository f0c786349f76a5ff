"""Tampered signed links: every address that carries a signed token (ticket, its PDF, cancel,
a waiting-list offer, unsubscribe, a tribute's delete link, a survey) answers a forged, swapped,
cut, overlong or foreign token with a clear 400 or 404, echoes nothing private and changes
nothing, whether fetched or posted. Every ``signing`` use of the code base is listed here."""

import pathlib
import re

import pytest
from django.test import Client

from tests.bad_input.conftest import snapshot

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
SIGNING_USE = re.compile(r"from django\.core import signing|django\.core\.signing|\bSigner\(")

# Where each signed token is made and checked; a new use of django.core.signing must be added.
SIGNING_MODULES = {
    "participants/attendance/links.py",
    "participants/outbox/services/unsubscribe.py",
    "participants/surveys/services/invitations.py",
    "participants/tributes/services/links.py",
}

# name -> (path from the world and a token, methods, POST data)
LINKS = {
    "ticket": (lambda w, t: f"/en/t/{w.rsvp.pk}/{t}/", ("get",)),
    "ticket_pdf": (lambda w, t: f"/en/t/{w.rsvp.pk}/{t}/ticket.pdf", ("get",)),
    "cancel": (lambda w, t: f"/en/rsvp/{w.rsvp.pk}/cancel/{t}/", ("get", "post")),
    "offer": (lambda w, t: f"/en/rsvp/offer/{w.offer.pk}/{t}/", ("get", "post")),
    "tribute": (lambda w, t: f"/en/remember/delete/{t}/", ("get", "post")),
    "survey": (lambda w, t: f"/en/survey/{t}/", ("get", "post")),
    "unsubscribe": (lambda w, t: f"/en/reminders/unsubscribe/{t}/", ("get", "post")),
}


def forgeries(world, name: str) -> dict[str, str]:
    """Ways to tamper with the link's real token."""
    from participants.outbox.services import reminder_unsubscribe_token
    from tests.factories import ReminderFactory

    if name == "unsubscribe":
        real = reminder_unsubscribe_token(ReminderFactory(kind="announcement"))
    else:
        real = world.tokens[name.replace("ticket_pdf", "ticket")]
    flipped = real[:-1] + ("A" if real[-1] != "A" else "B")
    foreign = world.tokens["cancel" if name != "cancel" else "ticket"]
    return {
        "flipped": flipped,
        "cut": real[: len(real) // 2],
        "garbage": "x",
        "overlong": real + "A" * 4000,
        "unicode": real[:-2] + "한글",
        "other_link": foreign,  # a real token of another kind of link
        "signature_only": real.rsplit(":", 1)[-1],
    }


def test_every_signing_use_is_in_the_sweep():
    users = {
        str(path.relative_to(ROOT))
        for app in ("participants", "events", "exhibits", "config")
        for path in (ROOT / app).rglob("*.py")
        if SIGNING_USE.search(path.read_text(encoding="utf-8")) and "migrations" not in path.parts
    }

    assert users == SIGNING_MODULES


@pytest.mark.parametrize("name", sorted(LINKS))
def test_tampered_signed_link_is_refused_and_changes_nothing(world, name):
    path, methods = LINKS[name]
    client = Client()
    tokens = forgeries(world, name)
    before = snapshot()
    for how, token in tokens.items():
        for method in methods:
            data = {"accept": "1", "decline": "1", "List-Unsubscribe": "One-Click"}
            response = getattr(client, method)(path(world, token), data if method == "post" else {})

            assert response.status_code in (400, 404), (how, method, response.status_code)
            body = response.content.decode(errors="replace")
            assert "private.example.org" not in body, (how, method)
            assert "김비밀" not in body, (how, method)
    assert snapshot() == before


def test_ticket_link_of_one_booking_does_not_open_another(world):
    from tests.factories import RsvpFactory

    other = RsvpFactory(edition=world.edition)

    response = Client().get(f"/en/t/{other.pk}/{world.tokens['ticket']}/")

    assert response.status_code in (400, 404)
    assert other.ticket_code not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/accounts/password/reset/key/1-forged-key/",
        "/en/accounts/password/reset/key/zz-" + "x" * 3000 + "/",
        "/en/accounts/confirm-email/forged:key:value/",
    ],
)
def test_allauth_keyed_links_forged_say_so_and_change_nothing(world, path):
    client = Client()
    before = snapshot()

    fetched = client.get(path, follow=True)
    posted = client.post(path, {"password1": "x" * 20, "password2": "x" * 20}, follow=True)

    for response in (fetched, posted):
        assert response.status_code in (200, 400, 404)
        body = response.content.decode()
        assert "private.example.org" not in body
        assert 'name="password1"' not in body  # no form to set a password through a forged key
    # allauth mirrors an existing account's address into its EmailAddress table when a reset
    # key names that account (forged or not): a copy of what is there, nothing the attacker sent.
    after = snapshot()
    after.pop("account.EmailAddress"), before.pop("account.EmailAddress")
    assert after == before
