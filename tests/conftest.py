import os
import shutil

import pytest
from django.conf import settings

ON_CI = bool(os.environ.get("CI"))


def _unavailable(reason: str) -> None:
    # On CI a missing back-end is a failure, never a silent skip.
    if ON_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _backend_requirements(request: pytest.FixtureRequest) -> None:
    markers = {marker.name for marker in request.node.iter_markers()}
    if {"postgres", "integration"} & markers and not settings.USING_POSTGRES:
        _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if "integration" in markers and not settings.REDIS_URL:
        _unavailable("needs Redis: set REDIS_URL=redis://…")
    if "e2e" in markers and not shutil.which("chromium"):
        _unavailable("needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    from events.api.http import rate_counts
    from events.common.caching import local_pages
    from participants.attendance import seat_states
    from participants.attendance.services import seats as booking_seats

    cache.clear()
    local_pages.clear()  # each process's in-memory public pages too
    seat_states._states.clear()  # and its seat states (SQLite reuses ids between tests)
    booking_seats._refused_at.clear()  # and which targets refused a booking lately
    rate_counts.clear()  # and its open-data request counts


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Korean, the site's first language, whatever the last one activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server, one per test session (tests/s3_server.py)."""
    from tests.s3_server import s3_server_start

    try:
        server = s3_server_start(tmp_path_factory.mktemp("s3") / "moto.log")
    except (RuntimeError, ImportError) as error:
        _unavailable(f"needs moto's S3 server (pip install 'moto[server]'): {error}")
    yield server
    server.stop()


@pytest.fixture
def s3(settings, s3_server):
    """Uploads go to the S3 server, in buckets of this test's own, as with MEDIA_STORAGE=s3."""
    public, private = s3_server.make_buckets()
    for name, value in s3_server.environment(public, private).items():
        setattr(settings, name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "events.common.storage.PublicMediaStorage"},
    }
    s3_server.public_bucket, s3_server.private_bucket = public, private
    return s3_server


# --- Shared fixtures: a module that needs other values defines its own of the same name. --------


@pytest.fixture
def english():
    """English active for the test: reverse() gives /en/ paths and messages read in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def user(db):
    """An attendee (Korean emails), not logged in."""
    from tests.factories import UserFactory

    return UserFactory(name="Kim Hana", email="kim.hana@example.org")


@pytest.fixture
def organiser(db, client):
    """A superuser organiser, logged in on ``client``."""
    from tests.factories import UserFactory

    person = UserFactory(is_staff=True, is_superuser=True, email="organiser@example.org")
    client.force_login(person)
    return person


@pytest.fixture
def door(db, client):
    """Door staff ("Door Staff", check-in permission only), logged in on ``client``."""
    from tests.factories import door_staff

    staff = door_staff(name="Door Staff")
    client.force_login(staff)
    return staff


@pytest.fixture
def organiser_client(client, organiser):
    """``client`` logged in as ``organiser`` (also at ``client.user``)."""
    client.user = organiser
    return client


@pytest.fixture
def edition(db):
    """The 2025 edition, published, 10 seats, parties of up to 4."""
    from tests.factories import EditionFactory

    return EditionFactory(year=2025, capacity=10, max_party_size=4)


@pytest.fixture
def korean_client(client):
    """A visitor of the Korean site (unprefixed URLs, the site's first language)."""
    return client


@pytest.fixture
def english_client(client, english):
    """A visitor of the English site: English is active, so reverse() gives /en/ URLs."""
    return client
