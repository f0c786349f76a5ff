"""No page a visitor can reach on the remembrance wall carries anything about a writer beyond the
signature they chose: not their email, their account name, nor a link to their other tributes."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from participants.tributes.models import Tribute
from participants.tributes.services import tribute_approve, tribute_write
from tests.factories import UserFactory

from .conftest import make_moderator, tribute_fields

pytestmark = pytest.mark.django_db


def test_no_public_wall_page_reveals_a_writer(client, edition):
    moderator = make_moderator("mod@example.org")
    writers = [UserFactory(email=f"hidden{i}@example.org", name=f"숨은이름{i}") for i in range(3)]
    tributes = []
    for writer, kind in zip(writers, ["anonymous", "pseudonym", "pseudonym"], strict=True):
        tribute = tribute_write(
            author=writer,
            edition=edition,
            fields=tribute_fields(
                signature_kind=kind, pseudonym="필명" if kind != "anonymous" else ""
            ),
        )
        tributes.append(tribute_approve(tribute=tribute, by=moderator))

    paths = [reverse("participants:tribute_wall"), reverse("participants:tribute_screen")]
    paths += [reverse("participants:tribute_screen_data")]
    paths += [reverse("participants:tribute_wall") + "?order=random&seed=7"]
    paths += [reverse("participants:tribute_detail", args=[t.pk]) for t in tributes]
    paths += [reverse("participants:tribute_report", args=[t.pk]) for t in tributes]
    for language_prefix in ("", "/en"):
        for path in paths:
            response = client.get(language_prefix + path)
            assert response.status_code == 200, path
            page = response.content.decode()
            for writer in writers:
                assert writer.email not in page
                assert writer.name not in page
                assert f"author={writer.pk}" not in page


def test_load_demo_tributes_is_idempotent_and_leaves_a_flagged_one_waiting():
    call_command(
        "load_demo", "--i-know-this-is-not-production"
    )  # its other demo commands run on commit: not in a test
    call_command("load_demo_attendees")
    call_command("load_demo_tributes")
    call_command("load_demo_tributes")
    assert Tribute.objects.filter(status="approved").count() == 4
    waiting = Tribute.objects.filter(status="pending")
    assert waiting.count() == 2
    assert any(t.needs_second_moderator for t in waiting)
