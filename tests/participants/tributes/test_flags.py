import pytest

from participants.tributes.models import Tribute, WatchWord
from participants.tributes.services.flags import person_names, places, tribute_flags

Flag = Tribute.Flag


@pytest.mark.parametrize(
    "text",
    [
        "김영철 동무를 기억합니다",
        "리순희에게",
        "순희야, 미안하다",
        "남궁민수 선생님",
        "박정숙이 그립다",
    ],
)
def test_person_names_flag_korean_names(text):
    assert person_names(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "어머니, 보고 싶습니다",
        "아버지와 할머니께",
        "두만강을 건넌 분들께",
        "고마워요, 이야기를 들려줘서",
        "한마디만 더 하고 싶어요",
        "정말로 사랑합니다",
    ],
)
def test_person_names_leave_ordinary_words_alone(text):
    assert person_names(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("회령에 두고 온 동생", "회령"),
        ("청진시에서", "청진"),
        ("개성시에 살던", "개성"),
        ("혜산 장마당", "혜산"),
    ],
)
def test_places_flag_towns_below_province_level(text, place):
    assert places(text) == [place]


@pytest.mark.parametrize(
    "text", ["함경북도에서 왔습니다", "양강도의 겨울", "그의 개성이 그립다", "두만강", "평양"]
)
def test_places_leave_provinces_and_ordinary_words_alone(text):
    assert places(text) == []


@pytest.mark.django_db
def test_tribute_flags_find_contacts_and_watch_words():
    WatchWord.objects.create(word="보위부")
    flags, terms = tribute_flags(
        "연락 주세요 010-1234-5678, kim@example.org, https://example.kp/x 보위부",
        addressee="",
    )
    assert flags == [Flag.PHONE, Flag.EMAIL, Flag.URL, Flag.WATCH_WORD]
    assert terms == ["010-1234-5678", "kim@example.org", "https://example.kp/x", "보위부"]


@pytest.mark.django_db
def test_tribute_flags_for_a_tribute_to_a_mother_are_empty():
    assert tribute_flags("어머니, 보고 싶습니다.", addressee="어머니께") == ([], [])


@pytest.mark.django_db
def test_tribute_flags_look_at_the_addressee_and_pseudonym_too():
    flags, terms = tribute_flags("보고 싶어요", addressee="김영철", pseudonym="무산 사람")
    assert flags == [Flag.PERSON_NAME, Flag.PLACE]
    assert terms == ["김영철", "무산"]
