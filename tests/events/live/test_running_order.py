import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.live.models import Segment
from events.live.selectors import running_order_rows
from events.live.services import running_order_check_fit, segments_save
from events.privacy import Visibility
from events.services import edition_copy, program_item_update
from tests.events.live.helpers import SegmentFactory, stage_day
from tests.factories import PerformerFactory, ProgramItemFactory, seoul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_running_order_rows_computes_each_start_from_the_durations():
    _edition, _stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(item=ceremony, order=10, duration_minutes=1, title_ko="개식 선언")
    SegmentFactory(item=ceremony, order=20, duration_minutes=4, title_ko="국민의례")
    SegmentFactory(item=ceremony, order=30, duration_minutes=10, title_ko="기념사")

    order = running_order_rows(item=ceremony)

    assert [(row.segment.title_ko, f"{row.starts_at:%H:%M}") for row in order.rows] == [
        ("개식 선언", "10:00"),
        ("국민의례", "10:01"),
        ("기념사", "10:05"),
    ]
    assert (order.total_minutes, order.slot_minutes, order.spare_minutes) == (15, 60, 45)


def test_running_order_check_fit_overflow_says_by_how_much():
    _edition, _stage, (ceremony, *_rest) = stage_day()

    with pytest.raises(ValidationError) as error:
        running_order_check_fit(
            starts_at=ceremony.starts_at, ends_at=ceremony.ends_at, durations=[30, 25, 10]
        )

    assert error.value.messages == [
        "The segments last 65 minutes but the item's slot is only 60 minutes (5 too many). "
        "Shorten a segment or lengthen the item."
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "A segment lasts between 1 and 1440 minutes, not 0."),
        (-5, "A segment lasts between 1 and 1440 minutes, not -5."),
        (100000, "A segment lasts between 1 and 1440 minutes, not 100000."),
        ("ten", "A duration is a whole number of minutes."),
        (None, "Every segment needs a duration in minutes."),
    ],
)
def test_running_order_check_fit_bad_duration_is_refused(value, message):
    with pytest.raises(ValidationError) as error:
        running_order_check_fit(starts_at=None, ends_at=None, durations=[value])

    assert error.value.messages == [message]


def test_segments_save_overflowing_slot_saves_nothing():
    _edition, _stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(item=ceremony, duration_minutes=50)

    with pytest.raises(ValidationError):
        segments_save(item=ceremony, segments=[Segment(title_ko="공연", duration_minutes=11)])

    assert list(ceremony.segments.values_list("duration_minutes", flat=True)) == [50]


def test_program_item_update_shrinking_slot_below_running_order_is_refused():
    edition, _stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(item=ceremony, duration_minutes=45)

    with pytest.raises(ValidationError) as error:
        program_item_update(item=ceremony, ends_at=seoul(edition, 10, 30))

    assert error.value.message_dict["ends_at"] == [
        "The segments last 45 minutes but the item's slot is only 30 minutes (15 too many). "
        "Shorten a segment or lengthen the item."
    ]


def test_segment_public_responsible_follows_the_performers_visibility():
    _edition, _stage, (ceremony, *_rest) = stage_day()
    anonymous = PerformerFactory(display_name="김증언", visibility=Visibility.ANONYMOUS)
    unpublished = PerformerFactory(display_name="박비공개", is_published=False)
    named = PerformerFactory(display_name="새봄 합창단", visibility=Visibility.NAMED)

    rows = [
        SegmentFactory(item=ceremony, performer=anonymous),
        SegmentFactory(item=ceremony, performer=unpublished, responsible=""),
        SegmentFactory(item=ceremony, performer=named),
        SegmentFactory(item=ceremony, performer=None, responsible="통일부 장관"),
    ]

    assert [segment.public_responsible for segment in rows] == [
        "Anonymous",
        "",
        "새봄 합창단",
        "통일부 장관",
    ]


def test_programme_detail_shows_order_of_proceedings_without_internal_notes(client):
    _edition, _stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(
        item=ceremony,
        order=10,
        title_ko="국민의례",
        duration_minutes=4,
        mc_script_ko="모두 일어나 주십시오",
        cue_music="애국가.mp3",
        sign_language=True,
    )
    SegmentFactory(item=ceremony, order=20, title_ko="묵념", duration_minutes=1)

    with translation.override("ko"):
        page = client.get(ceremony.get_absolute_url()).content.decode()

    assert '<h2 id="order-of-proceedings">식순</h2>' in page
    assert '">오전 10:00</time> <strong>국민의례</strong>' in page
    assert '">오전 10:04</time> <strong>묵념</strong>' in page
    assert "수어 통역" in page
    assert "모두 일어나 주십시오" not in page
    assert "애국가.mp3" not in page


def test_edition_copy_copies_running_orders_without_live_times():
    edition, _stage, (ceremony, *_rest) = stage_day()
    segment = SegmentFactory(
        item=ceremony, title_ko="폐식", duration_minutes=2, cue_lighting="객석 조명 켬"
    )
    segment.live_started_at = ceremony.starts_at
    segment.save()

    copy = edition_copy(edition=edition, year=2026)

    copied = Segment.objects.get(item__edition=copy)
    assert (copied.title_ko, copied.duration_minutes, copied.cue_lighting) == (
        "폐식",
        2,
        "객석 조명 켬",
    )
    assert copied.live_started_at is None
    assert copied.item.title_ko == "추모식"


def test_segment_duration_constraint_backs_the_rule_in_the_database():
    item = ProgramItemFactory()

    with pytest.raises(Exception, match="segment_duration_range"):
        Segment.objects.create(item=item, title_ko="잘못", duration_minutes=0)
