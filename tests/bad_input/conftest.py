"""Shared pieces of the bad-input sweep: a snapshot of every row of our apps, to prove that a
refused request saved nothing, and the people and objects the forms need."""

import datetime as dt

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from participants.attendance.links import offer_token, rsvp_cancel_token, ticket_token
from participants.models import WaitlistOffer
from participants.surveys.services import survey_invitation_token
from participants.tributes.services import tribute_delete_token, tribute_write
from tests.factories import (
    EditionFactory,
    PermitFactory,
    ProductFactory,
    RsvpFactory,
    UserFactory,
    approved_application,
    door_edition,
    door_staff,
)
from tests.participants.surveys.conftest import build_survey

OUR_APPS = ("participants", "events", "exhibits", "account", "mfa", "auth")


def snapshot() -> dict[str, int]:
    """How many rows each of our models holds (and allauth's and auth's)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
    }


def logged_in(user, *, csrf_checks: bool = True) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(user)
    return client


# A tribute's words as the remembrance wall's form and tribute_write take them.
TRIBUTE_WORDS = {
    "text": "어머니, 보고 싶습니다.",
    "language": "ko",
    "addressee": "어머니께",
    "signature_kind": "pseudonym",
    "pseudonym": "봄비",
}
# The wall's form as a person posts it, consenting to the web only.
TRIBUTE_FORM = {**TRIBUTE_WORDS, "consent_web": "on"}


def tribute_writer() -> Client:
    """A signed-in person (no CSRF check) who may write on the 2025 edition's wall."""
    EditionFactory(year=2025)
    return logged_in(UserFactory(), csrf_checks=False)


@pytest.fixture
def world(db):
    """Something of every kind a form or link acts on, all owned by ``world.person``."""

    class World:
        pass

    w = World()
    w.edition = door_edition(capacity=20)
    w.person = UserFactory(email="person@private.example.org", name="김비밀")
    w.rsvp = RsvpFactory(edition=w.edition, user=w.person)
    w.waitlisted = RsvpFactory(edition=w.edition, user=UserFactory(), status="offered")
    now = timezone.now()
    w.offer = WaitlistOffer.objects.create(
        rsvp=w.waitlisted,
        status="open",
        seats=1,
        offered_at=now,
        expires_at=now + dt.timedelta(hours=2),
    )
    w.application = approved_application(edition=w.edition)
    w.vendor = w.application.vendor
    w.permit = PermitFactory(vendor=w.vendor)
    w.product = ProductFactory(vendor=w.vendor)
    w.tribute = tribute_write(
        author=w.person,
        edition=w.edition,
        fields={
            **TRIBUTE_WORDS,
            "province": "north_hamgyong",
            "consent_web": True,
            "consent_screen": False,
            "consent_book": False,
        },
    )
    w.survey = build_survey(w.edition, status="invited")
    w.door = door_staff()
    w.tokens = {
        "ticket": ticket_token(w.rsvp),
        "cancel": rsvp_cancel_token(w.rsvp),
        "offer": offer_token(w.offer),
        "tribute": tribute_delete_token(w.tribute),
        "survey": survey_invitation_token(survey=w.survey, user=w.person),
    }
    return w
