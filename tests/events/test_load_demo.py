import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from events.models import Appearance, Edition, Performer, ProgramItem, Stage
from events.privacy import Visibility

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Edition, Stage, ProgramItem, Performer, Appearance))


def test_load_demo_loads_both_editions_and_is_idempotent():
    call_command("load_demo", stdout=None)
    first = _counts()

    call_command("load_demo")

    assert _counts() == first
    assert list(Edition.objects.order_by("year").values_list("year", "is_published")) == [
        (2024, True),
        (2025, True),
    ]
    ceremony = ProgramItem.objects.filter(edition__year=2025, kind="ceremony")
    assert list(ceremony.values_list("title_en", flat=True)) == [
        "Opening and a minute of silence",
        "Remembrance and flowers",
        "Addresses",
    ]
    assert (
        ProgramItem.objects.filter(edition__year=2025, kind="performance")
        .values("stage")
        .distinct()
        .count()
        >= 2
    )
    assert set(Performer.objects.values_list("visibility", flat=True)) == set(Visibility.values)
    assert all(item.title_en for item in ProgramItem.objects.all())


def test_load_demo_creates_the_demo_organiser():
    call_command("load_demo")

    user = authenticate(username="organiser@example.org", password="defectorsday2025")

    assert user is not None
    assert (user.is_staff, user.is_superuser) == (True, True)
    assert user.emailaddress_set.filter(verified=True, primary=True).count() == 1
