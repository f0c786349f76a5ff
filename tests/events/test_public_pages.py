import datetime as dt
import gzip

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.common.caching import VERSION_KEY, local_pages, public_pages_changed
from events.models import ProgramItem
from events.privacy import Visibility
from events.services import program_item_reschedule
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory(year=2025, title_ko="제2회 북한이탈주민의 날", title_en="Second Day")


def test_home_shows_latest_published_edition(client, edition):
    EditionFactory(year=2026, is_published=False, title_ko="비공개 회차")

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["edition"] == edition
    body = response.content.decode()
    assert "제2회 북한이탈주민의 날" in body
    assert "2025년 7월 14일" in body
    assert "비공개 회차" not in body


def test_home_in_english_under_en_prefix(client, edition):
    response = client.get("/en/")

    body = response.content.decode()
    assert '<h1 id="edition-title">Second Day</h1>' in body
    assert "Mon 14 July 2025" in body
    assert 'lang="en"' in body


def test_home_without_any_published_edition_is_404(client):
    EditionFactory(year=2025, is_published=False)

    assert client.get("/").status_code == 404


def test_past_year_pages_show_that_edition(client, edition):
    past = EditionFactory(year=2024, title_ko="제1회 북한이탈주민의 날")
    ProgramItemFactory(edition=past, title_ko="첫 기념식")

    home = client.get("/2024/")
    programme = client.get("/2024/programme/")

    assert home.context["edition"] == past
    assert home.context["is_current"] is False
    assert [item.title for item in programme.context["items"]] == ["첫 기념식"]
    assert "지난 2024년 행사의 프로그램입니다." in programme.content.decode()


@pytest.mark.parametrize(
    "path", ["/2031/", "/2031/programme/", "/2031/programme.ics", "/12/", "/programme/999999/"]
)
def test_unknown_year_or_item_is_404(client, edition, path):
    assert client.get(path).status_code == 404


def test_unpublished_edition_year_is_404(client, edition):
    EditionFactory(year=2026, is_published=False)

    assert client.get("/2026/programme/").status_code == 404


def test_programme_shows_only_published_items_grouped_by_stage(client, edition):
    hall = StageFactory(edition=edition, name_ko="대강당", order=1)
    outdoor = StageFactory(edition=edition, name_ko="야외무대", order=2)
    ProgramItemFactory(edition=edition, stage=outdoor, title_ko="공연", starts_at=seoul(edition, 9))
    ProgramItemFactory(edition=edition, stage=hall, title_ko="기념식", starts_at=seoul(edition, 10))
    ProgramItemFactory(
        edition=edition,
        stage=hall,
        title_ko="준비 중",
        starts_at=seoul(edition, 12),
        is_published=False,
    )

    response = client.get("/programme/")

    columns = [(c.stage.name_ko, [i.title for i in c.items]) for c in response.context["columns"]]
    assert columns == [("대강당", ["기념식"]), ("야외무대", ["공연"])]
    assert "준비 중" not in response.content.decode()


def test_programme_filter_by_kind(client, edition):
    ProgramItemFactory(edition=edition, kind=ProgramItem.Kind.TALK, title_ko="대담")
    ProgramItemFactory(edition=edition, kind=ProgramItem.Kind.PERFORMANCE, title_ko="공연")

    response = client.get("/programme/?kind=performance")
    unknown = client.get("/programme/?kind=<script>")

    assert [item.title for item in response.context["items"]] == ["공연"]
    assert response.context["kind"] == "performance"
    assert sorted(item.title for item in unknown.context["items"]) == ["공연", "대담"]


def test_programme_never_shows_private_fields_or_anonymous_names(client, edition):
    item = ProgramItemFactory(edition=edition, title_ko="공연")
    AppearanceFactory(
        item=item,
        performer=PerformerFactory(
            display_name="봄바람",
            legal_name="김비밀",
            contact_email="secret@private.example.org",
            contact_phone="010-1234-5678",
            visibility=Visibility.PSEUDONYM,
        ),
    )
    AppearanceFactory(
        item=item,
        performer=PerformerFactory(
            display_name="숨은이름",
            legal_name="이비밀",
            visibility=Visibility.ANONYMOUS,
        ),
    )
    AppearanceFactory(
        item=item, performer=PerformerFactory(display_name="미공개", is_published=False)
    )

    pages = [
        client.get("/programme/").content.decode(),
        client.get(f"/programme/{item.pk}/").content.decode(),
        client.get(f"/en/programme/{item.pk}/").content.decode(),
        client.get("/programme.ics").content.decode(),
        client.get(f"/programme/{item.pk}.ics").content.decode(),
    ]

    for page in pages:
        for secret in ("김비밀", "이비밀", "secret@private", "010-1234-5678", "숨은이름", "미공개"):
            assert secret not in page
    assert "봄바람" in pages[1]
    assert "익명" in pages[1]
    assert "Anonymous" in pages[2]


def test_programme_detail_of_unpublished_item_is_404(client, edition):
    item = ProgramItemFactory(edition=edition, is_published=False)

    assert client.get(f"/programme/{item.pk}/").status_code == 404
    assert client.get(f"/programme/{item.pk}.ics").status_code == 404


@pytest.fixture
def upcoming():
    """An edition whose day is still ahead, whatever the clock says."""
    return EditionFactory(year=dt.datetime.now(tz=dt.UTC).year + 1, title_ko="다가오는 회차")


def test_programme_detail_shows_seats_when_item_has_capacity(client, upcoming):
    seated = ProgramItemFactory(edition=upcoming, capacity=120, title_ko="대담")
    open_air = ProgramItemFactory(edition=upcoming, capacity=None, starts_at=seoul(upcoming, 15))

    seated_page = client.get(f"/en/programme/{seated.pk}/").content.decode()
    open_page = client.get(f"/en/programme/{open_air.pk}/").content.decode()

    assert "120 seats, booking required" in seated_page
    assert f'href="/en/rsvp/?item={seated.pk}"' in seated_page
    assert "booking required" not in open_page
    assert "/rsvp/?item=" not in open_page


def test_programme_timetable_offers_a_seat_only_on_items_with_capacity(client, upcoming):
    seated = ProgramItemFactory(edition=upcoming, capacity=30, title_ko="공연")
    ProgramItemFactory(edition=upcoming, capacity=None, starts_at=seoul(upcoming, 15))

    page = client.get("/programme/").content.decode()

    assert page.count('href="/rsvp/?item=') == 1
    assert f'href="/rsvp/?item={seated.pk}"' in page


def test_programme_of_a_day_that_is_over_offers_no_seat(client, edition, upcoming):
    seated = ProgramItemFactory(edition=edition, capacity=30, title_ko="지난 대담")

    timetable = client.get("/en/2025/programme/").content.decode()
    detail = client.get(f"/en/programme/{seated.pk}/").content.decode()

    assert edition.is_over() is True
    for page in (timetable, detail):
        assert "30 seats, booking required" in page
        assert "/rsvp/?item=" not in page


def _events(calendar_bytes):
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    return calendar, list(calendar.walk("VEVENT"))


def test_programme_ics_parses_with_seoul_times_and_stable_uids(client, edition):
    first = ProgramItemFactory(edition=edition, title_ko="기념식", starts_at=seoul(edition, 10))
    ProgramItemFactory(
        edition=edition, title_ko="준비 중", starts_at=seoul(edition, 13), is_published=False
    )

    response = client.get("/programme.ics")
    again = client.get("/en/programme.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = _events(response.content)
    _, events_en = _events(again.content)
    assert [str(event["summary"]) for event in events] == ["기념식"]
    event = events[0]
    assert event.decoded("dtstart") == seoul(edition, 10)
    assert event.decoded("dtend") == seoul(edition, 11)
    assert event["dtstart"].params["TZID"] == "Asia/Seoul"
    assert str(event["uid"]) == f"programme-item-{first.pk}@127.0.0.1"
    assert str(events_en[0]["uid"]) == str(event["uid"])
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert str(calendar["version"]) == "2.0"
    assert "prodid" in calendar


def test_programme_item_ics_follows_a_reschedule(client, edition):
    item = ProgramItemFactory(edition=edition, starts_at=seoul(edition, 10))
    program_item_reschedule(item=item, starts_at=seoul(edition, 14, 30), ends_at=seoul(edition, 15))

    _, events = _events(client.get(f"/programme/{item.pk}.ics").content)

    assert len(events) == 1
    assert events[0].decoded("dtstart") == seoul(edition, 14, 30)
    assert events[0].decoded("dtend").astimezone(dt.UTC) == dt.datetime(
        2025, 7, 14, 6, tzinfo=dt.UTC
    )


def _make_items(edition, count):
    stages = [StageFactory(edition=edition, order=n) for n in range(5)]
    for n in range(count):
        stage = stages[n % 5]
        start = seoul(edition, 0) + dt.timedelta(minutes=5 * (n // 5))
        item = ProgramItemFactory(
            edition=edition, stage=stage, starts_at=start, ends_at=start + dt.timedelta(minutes=5)
        )
        AppearanceFactory(item=item)


@pytest.mark.parametrize("path", ["/programme/", "/", "/programme.ics"])
def test_public_page_query_count_does_not_grow_with_items(client, django_assert_num_queries, path):
    small = EditionFactory(year=2024)
    large = EditionFactory(year=2025)
    _make_items(small, 5)
    _make_items(large, 200)
    small_path = path.replace("/", "/2024/", 1) if path != "/" else "/2024/"
    client.get(small_path)  # warm up sessions/caches of the test client

    with CaptureQueriesContext(connection) as small_queries:
        small_response = client.get(small_path)
    with django_assert_num_queries(len(small_queries.captured_queries)):
        large_response = client.get(path)

    assert small_response.status_code == large_response.status_code == 200
    assert len(small_queries.captured_queries) <= 6


def test_public_pages_are_cached_per_language_and_refreshed_by_a_change(
    client, settings, edition, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 0
    item = ProgramItemFactory(edition=edition, title_ko="기념식", title_en="Ceremony")

    korean = client.get("/programme/").content.decode()
    english = client.get("/en/programme/").content.decode()
    ProgramItem.objects.filter(pk=item.pk).update(title_ko="몰래 바뀜")
    cached = client.get("/programme/").content.decode()
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        program_item_reschedule(item=item, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16))
    refreshed = client.get("/programme/").content.decode()

    assert "기념식" in korean
    assert "Ceremony" in english
    assert "기념식" not in english
    assert "기념식" in cached  # served from the cache, not the database
    assert "몰래 바뀜" in refreshed
    assert "15:00" in refreshed


def test_about_page_has_the_facts_in_both_languages(client):
    korean = client.get("/about/").content.decode()
    english = client.get("/en/about/").content.decode()

    assert "1997" in korean
    assert "34,121" in korean
    assert "함경북도" in korean
    assert "North Hamgyong" in english
    assert "14 July 1997" in english


def test_language_switcher_links_to_same_page(client, edition):
    body = client.get("/programme/").content.decode()

    assert 'href="/en/programme/"' in body


def test_healthz_reports_ok(client):
    response = client.get(reverse("healthz"))

    assert response.json()["status"] == "ok"


def test_programme_english_title_falls_back_to_korean(client, edition):
    ProgramItemFactory(edition=edition, title_ko="기념식", title_en="")

    response = client.get("/en/programme/")

    assert [item.title for item in response.context["items"]] == ["기념식"]


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def test_public_cache_serves_gzip_to_clients_that_accept_it(client, edition, page_cache):
    ProgramItemFactory(edition=edition, title_ko="기념식")

    plain = client.get("/programme/")
    compressed = client.get("/programme/", headers={"accept-encoding": "gzip, br"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["Vary"] == "Accept-Encoding, Accept-Language, Cookie"
    assert compressed["Cache-Control"] == "no-cache, max-age=60"


def test_public_cache_answers_an_unchanged_page_with_304_and_a_changed_one_in_full(
    client, edition, page_cache
):
    item = ProgramItemFactory(edition=edition, title_ko="기념식")
    first = client.get("/programme/")
    ProgramItem.objects.filter(pk=item.pk).update(title_ko="추모식")

    unchanged = client.get("/programme/", headers={"if-none-match": first["ETag"]})
    public_pages_changed()
    changed = client.get("/programme/", headers={"if-none-match": first["ETag"]})

    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_public_cache_does_not_cache_unknown_query_parameters(client, edition, page_cache):
    # (An item's page: the timetable's shared fragment is cached for every address.)
    item = ProgramItemFactory(edition=edition, title_ko="기념식", kind="ceremony")
    page = f"/programme/{item.pk}/"
    client.get(page)
    client.get(page, {"utm_source": "x"})
    ProgramItem.objects.filter(pk=item.pk).update(title_ko="바뀐 제목")

    known = client.get(page).content.decode()
    junk = client.get(page, {"utm_source": "x"}).content.decode()

    assert "기념식" in known  # a parameter the page understands: cached
    assert "바뀐 제목" in junk  # anything else: fresh, never stored


def test_public_cache_skips_visitors_with_a_session(client, edition, page_cache):
    item = ProgramItemFactory(edition=edition, title_ko="기념식")
    page = f"/programme/{item.pk}/"
    client.get(page)
    ProgramItem.objects.filter(pk=item.pk).update(title_ko="바뀐 제목")
    client.cookies["sessionid"] = "some-session"

    with_session = client.get(page).content.decode()
    del client.cookies["sessionid"]
    anonymous = client.get(page).content.decode()

    assert "바뀐 제목" in with_session
    assert "기념식" in anonymous  # the shared cached page


def test_public_cache_does_not_store_a_page_that_sets_a_cookie(rf, edition, page_cache):
    from events.common.caching import public_cache

    calls = []

    @public_cache
    def view(request):
        calls.append(1)
        response = HttpResponse("x" * 1000)
        response.set_cookie("csrftoken", "abc")
        return response

    view(rf.get("/thing/"))
    view(rf.get("/thing/"))

    assert len(calls) == 2


def test_public_cache_process_memory_follows_another_process_after_its_check_interval(
    client, settings, edition, page_cache
):
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 3600
    item = ProgramItemFactory(edition=edition, title_ko="기념식")
    client.get("/programme/")
    ProgramItem.objects.filter(pk=item.pk).update(title_ko="바뀐 제목")
    cache.incr(VERSION_KEY)  # another process's change: this one has not asked yet

    before_check = client.get("/programme/").content.decode()
    local_pages.checked_at = float("-inf")  # the check interval has passed
    after_check = client.get("/programme/").content.decode()

    assert "기념식" in before_check
    assert "바뀐 제목" in after_check


def test_public_cache_process_memory_follows_its_own_change_at_once(
    client, settings, edition, page_cache, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 3600
    item = ProgramItemFactory(edition=edition, title_ko="기념식")
    client.get("/programme/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        program_item_reschedule(item=item, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16))

    after = client.get("/programme/").content.decode()

    assert len(callbacks) == 1  # one bump after commit, however many rows changed
    assert "15:00" in after
    assert "10:00" not in after


def test_public_pages_changed_outside_a_transaction_bumps_once(transactional_db):
    before = cache.get(VERSION_KEY)

    public_pages_changed()

    assert before is None
    assert cache.get(VERSION_KEY) == local_pages.version


def test_footer_says_the_act_took_effect_on_14_july_1997(client):
    korean = client.get("/about/").content.decode()
    english = client.get("/en/about/").content.decode()

    footer = "7월 14일은 「북한이탈주민의 보호 및 정착지원에 관한 법률」이 1997년 시행된 날입니다."
    assert footer in korean
    assert "법률 제5259호" in korean
    assert "1997년 1월 13일 공포되었습니다." in korean
    assert "제정된 날" not in korean
    assert "took effect, in 1997." in english
    assert "enacted" not in english
