import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from events.demo import upcoming_year
from events.models import SEOUL, Appearance, Edition, Performer, ProgramItem, Stage
from events.privacy import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _developer_laptop(settings):
    settings.DEBUG = True  # the demo is for `make run`; see test_load_demo_refuses_* below


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
        (upcoming_year(), True),
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


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (dt.datetime(2026, 11, 22, 12, tzinfo=SEOUL), 2027),
        (dt.datetime(2027, 7, 14, 23, 59, tzinfo=SEOUL), 2027),
        (dt.datetime(2027, 7, 15, 0, 0, tzinfo=SEOUL), 2028),
    ],
)
def test_upcoming_year_is_the_next_14_july_not_yet_over(now, year):
    assert upcoming_year(now) == year


def test_load_demo_adds_an_upcoming_edition_open_for_registration():
    call_command("load_demo")

    upcoming = Edition.objects.get(year=upcoming_year())
    seated = ProgramItem.objects.filter(edition=upcoming, capacity__isnull=False, is_published=True)

    assert Edition.objects.published().order_by("-year").first() == upcoming
    assert upcoming.registration_is_open() is True
    assert upcoming.registration_is_open(now=timezone.now() + dt.timedelta(days=1)) is True
    assert upcoming.title_en.endswith("North Korean Defectors' Day")
    assert seated.count() >= 3
    assert set(seated.values_list("kind", flat=True)) >= {"ceremony", "talk"}
    assert all(item.starts_at.astimezone(SEOUL).date() == upcoming.date for item in seated)
    assert Edition.objects.get(year=2025).registration_is_open() is False


def test_load_demo_fills_the_upcoming_market_exhibits_and_rsvps(
    client, django_capture_on_commit_callbacks
):
    from exhibits.models import Display
    from participants.models import Rsvp, StallApplication

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=None)
    counts = (Display.objects.count(), StallApplication.objects.count(), Rsvp.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=None)

    year = upcoming_year()
    approved = StallApplication.objects.filter(edition__year=year, status="approved")
    assert (Display.objects.count(), StallApplication.objects.count(), Rsvp.objects.count()) == (
        counts
    )
    assert approved.count() == 3
    assert Display.objects.filter(edition__year=year).count() >= 10
    assert Rsvp.objects.filter(edition__year=year, item__isnull=True).count() == 4
    market = client.get("/en/market/").content.decode()
    assert f"{year}" in market
    assert "Onsong Tofu Rice" in market
    assert "Deuljjuk blueberry liquor" in market


def test_load_demo_has_english_speaking_performers_and_photos_only_some_shown(settings):
    call_command("load_demo")
    call_command("load_demo")

    assert sorted(
        Performer.objects.filter(preferred_language="en").values_list("display_name", flat=True)
    ) == ["이하나", "정민호"]
    with_photo = Performer.objects.exclude(photo="").order_by("display_name")
    assert [(p.display_name, bool(p.public_photo)) for p in with_photo] == [
        ("박진우", True),
        ("봄바람", False),
        ("새봄 합창단", True),
    ]
    stored = sorted(path for path in settings.PRIVATE_MEDIA_ROOT.rglob("*") if path.is_file())
    assert stored == sorted(Path(p.photo.path) for p in with_photo)
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


@pytest.mark.parametrize(
    ("prefix", "venue"),
    [
        (
            "",
            '<dd>기념행사장<br><span class="muted">'
            "서울특별시 중구 예시로 14 (데모 주소)</span></dd>",
        ),
        (
            "/en",
            '<dd>Memorial event grounds<br><span class="muted">'
            "14 Yesi-ro, Jung-gu, Seoul (demo address)</span></dd>",
        ),
    ],
)
def test_load_demo_home_page_names_the_venue_once_then_its_address(client, prefix, venue):
    call_command("load_demo", stdout=None)

    body = client.get(f"{prefix}/").content.decode()

    assert venue in body


def test_load_demo_venues_and_addresses_share_no_words():
    """The venue is the place's name and the address where it is: neither repeats the other."""
    call_command("load_demo", stdout=None)

    shared = {
        (edition.year, language): set(getattr(edition, f"venue_{language}").split())
        & set(getattr(edition, f"address_{language}").replace(",", " ").split())
        for edition in Edition.objects.all()
        for language in ("ko", "en")
    }

    assert shared == {key: set() for key in shared}


@pytest.mark.parametrize("module", ["config.settings.test", "config.settings.production"])
def test_load_demo_refuses_without_debug_or_in_production(settings, module):
    settings.DEBUG = False
    settings.SETTINGS_MODULE = module

    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("load_demo", stdout=None)

    assert Edition.objects.count() == 0


def test_load_demo_outside_debug_makes_no_known_password(settings):
    settings.DEBUG = False

    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())

    organiser = get_user_model().objects.get(email="organiser@example.org")
    assert organiser.is_superuser is True
    assert organiser.has_usable_password() is False
    assert authenticate(username="organiser@example.org", password="defectorsday2025") is None
    assert authenticate(username="door@example.org", password="defectorsday2025") is None
