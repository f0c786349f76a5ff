"""Demo data of the programme: editions, stages, performers and their items (load_demo).

The other apps' demo commands read VENUE and upcoming_year from here."""

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import SEOUL, Performer, ProgramItem, Stage, defectors_day
from events.privacy import Visibility

ORGANISER_EMAIL = "organiser@example.org"


ORGANISER_PASSWORD = "defectorsday2025"  # noqa: S105 (the public demo login, printed by make run)


OTHER_DEMO_COMMANDS = (
    "load_demo_attendees",
    "load_demo_exhibits",
    "load_demo_market",
    "load_demo_tributes",
)


# The venue is the place's name and the address says where it is, so that a page showing both
# says each thing once. The street is made up ("예시로", Example Road), and says so.
VENUE = {
    "venue_ko": "기념행사장",
    "venue_en": "Memorial event grounds",
    "address_ko": "서울특별시 중구 예시로 14 (데모 주소)",
    "address_en": "14 Yesi-ro, Jung-gu, Seoul (demo address)",
}


EDITIONS: dict[int, dict[str, Any]] = {
    2024: {
        "title_ko": "제1회 북한이탈주민의 날",
        "title_en": "The first North Korean Defectors' Day",
        "theme_ko": "자유를 향한 여정, 함께 여는 내일",
        "theme_en": "A journey to freedom, a tomorrow we open together",
        **VENUE,
        "summary_ko": (
            "처음으로 열리는 북한이탈주민의 날입니다. 행사는 추모식으로 시작합니다. "
            "탈북 과정에서 목숨을 잃은 분들을 기립니다. 이어서 북한 음악 공연이 열립니다. "
            "탈북민이 고향에서 지니고 온 물품도 전시합니다. "
            "장터에서는 북한 술과 옷, 음식을 판매합니다."
        ),
        "summary_en": (
            "The first North Korean Defectors' Day. It opens with a memorial ceremony for those "
            "who died while trying to escape, followed by performances of North Korean music, a "
            "display of objects that defectors brought with them from home, and a market where "
            "defectors sell North Korean liquor, clothing and food."
        ),
        "how_to_attend_ko": ("누구나 무료로 참석할 수 있습니다. 추모식 좌석은 미리 신청해 주세요."),
        "how_to_attend_en": (
            "Everyone is welcome, free of charge. Seats at the ceremony must be booked."
        ),
        "capacity": 2000,
    },
    2025: {
        "title_ko": "제2회 북한이탈주민의 날",
        "title_en": "The second North Korean Defectors' Day",
        "theme_ko": "함께 걸어온 길, 함께 걸어갈 길",
        "theme_en": "The road we have walked together, the road ahead",
        **VENUE,
        "summary_ko": (
            "오전에는 대강당에서 추모식이 열립니다. 묵념과 헌화로 탈북 과정에서 희생된 분들을 "
            "기억합니다. 이어서 기념사를 듣습니다. 오후에는 여러 무대에서 남과 북의 음악 공연이 "
            "이어집니다. 세미나실에서는 정착과 해외 동포 사회에 관한 대담이 열립니다. "
            "전시관과 장터는 하루 종일 열려 있습니다."
        ),
        "summary_en": (
            "In the morning the memorial ceremony takes place in the main hall: a minute of "
            "silence and flowers for those who died escaping, and the addresses. In the afternoon "
            "music from both Koreas plays on several stages, and talks on resettlement and the "
            "diaspora fill the seminar room. The exhibition hall and the market are open all day."
        ),
        "how_to_attend_ko": (
            "입장은 무료입니다. 추모식과 대담 좌석은 이 사이트에서 신청하세요. 휠체어로 모든 "
            "무대에 갈 수 있고, 대강당에는 수어 통역이 제공됩니다."
        ),
        "how_to_attend_en": (
            "Entry is free. Book your seat for the ceremony and the talks on this site. Every "
            "stage is step-free, and the main hall has sign language interpretation."
        ),
        "capacity": 3000,
        "registration_opens_at": dt.datetime(2025, 6, 2, 9, tzinfo=SEOUL),
        "registration_closes_at": dt.datetime(2025, 7, 13, 18, tzinfo=SEOUL),
    },
}


ORDINALS = {3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}


def upcoming_year(now: dt.datetime | None = None) -> int:
    """The year of the next 14 July (Seoul time) that has not ended yet."""
    today = timezone.localtime(now or timezone.now(), SEOUL).date()
    return today.year if today <= defectors_day(today.year) else today.year + 1


def upcoming_edition_fields(year: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """The upcoming edition: registration opened in early November (or yesterday, whichever
    came first, so that a demo loaded at any time can be tried) and closes the day before."""
    now = now or timezone.now()
    years = year - 1997
    ordinal = ORDINALS.get(year - 2023, f"{year - 2023}th")
    opens = min(dt.datetime(year - 1, 11, 2, 9, tzinfo=SEOUL), now - dt.timedelta(days=1))
    return {
        "title_ko": f"제{year - 2023}회 북한이탈주민의 날",
        "title_en": f"The {ordinal} North Korean Defectors' Day",
        "theme_ko": f"보호법 {years}년, 함께 만든 자리",
        "theme_en": f"{years} years of the Act: a place we made together",
        **VENUE,
        "summary_ko": (
            f"1997년 7월 14일 북한이탈주민보호법이 제정된 지 {years}년이 되는 해입니다. 오전에는 "
            f"대강당에서 추모식이 열리고, 오후에는 정착 {years}년을 돌아보는 대담과 남과 북의 "
            "음악 공연이 이어집니다. 전시관과 장터는 하루 종일 열려 있습니다."
        ),
        "summary_en": (
            f"{years} years since the Protection and Settlement Support Act of 14 July 1997. The "
            "memorial ceremony takes place in the main hall in the morning; in the afternoon, "
            "talks look back on resettlement and music from both Koreas plays on the stages. The "
            "exhibition hall and the market are open all day."
        ),
        "how_to_attend_ko": (
            "입장은 무료입니다. 행사 참가와 추모식, 대담 좌석은 이 사이트에서 신청하세요. 휠체어로 "
            "모든 무대에 갈 수 있고, 대강당에는 수어 통역이 제공됩니다."
        ),
        "how_to_attend_en": (
            "Entry is free. Register for the day and book your seat for the ceremony and the "
            "talks on this site. Every stage is step-free, and the main hall has sign language "
            "interpretation."
        ),
        "capacity": 3000,
        "registration_opens_at": opens,
        "registration_closes_at": dt.datetime(year, 7, 13, 18, tzinfo=SEOUL),
    }


# Items that come back every year in the same place, at the same hours and under the same title
# (stage, kind, start, end, title ko, title en, capacity); what is said about them, who takes part
# and sometimes the hours change from year to year.
YEARLY_ITEMS = {
    "folk_songs": (
        "outdoor",
        ProgramItem.Kind.PERFORMANCE,
        "13:00",
        "13:45",
        "민요 한마당",
        "Folk songs on the lawn",
        None,
    ),
    "things_from_home": (
        "exhibition",
        ProgramItem.Kind.EXHIBITION,
        "10:00",
        "18:00",
        "고향에서 지니고 온 물품",
        "Things brought from home",
        None,
    ),
    "market": (
        "market",
        ProgramItem.Kind.OTHER,
        "11:00",
        "17:00",
        "탈북민 장터",
        "Defectors' market",
        None,
    ),
    "addresses": (
        "hall",
        ProgramItem.Kind.CEREMONY,
        "10:40",
        "11:10",
        "기념사",
        "Addresses",
        600,
    ),
}


def _yearly(
    key: str,
    description_ko: str,
    description_en: str,
    people: list[tuple[str, str, str]] | None = None,
    *,
    hours: tuple[str, str] | None = None,
) -> tuple:
    """One published programme row (the layout of PROGRAMME below) for a yearly item."""
    stage, kind, start, end, title_ko, title_en, capacity = YEARLY_ITEMS[key]
    start, end = hours or (start, end)
    return (
        stage,
        kind,
        start,
        end,
        title_ko,
        title_en,
        description_ko,
        description_en,
        capacity,
        True,
        people or [],
    )


UPCOMING_PROGRAMME: list[tuple] = [
    (
        "hall",
        ProgramItem.Kind.CEREMONY,
        "10:00",
        "10:40",
        "추모식",
        "Memorial ceremony",
        "묵념과 헌화로 탈북 과정에서 목숨을 잃은 분들을 기억합니다.",
        "A minute of silence and flowers for those who died while trying to escape.",
        600,
        True,
        [("host", "사회", "Host"), ("witness", "추모 낭독", "Reading")],
    ),
    _yearly(
        "addresses",
        "통일부 장관과 탈북민 대표의 기념사.",
        "Addresses by the Minister of Unification and a representative of the defectors.",
        [("host", "사회", "Host")],
    ),
    (
        "hall",
        ProgramItem.Kind.PERFORMANCE,
        "15:00",
        "16:00",
        "북녘에 보내는 노래",
        "Songs sent to the North",
        "합창과 피아노, 그리고 가족에게 보내는 노래.",
        "Choir and piano, and songs sent to families in the North.",
        600,
        True,
        [("choir", "합창", "Choir"), ("pianist", "피아노", "Piano"), ("singer", "노래", "Vocals")],
    ),
    _yearly(
        "folk_songs",
        "아리랑과 북한 민요, 아코디언 연주.",
        "Arirang and folk songs of the North, with the accordion.",
        [("troupe", "공연", "Performance"), ("accordion", "아코디언", "Accordion")],
        hours=("12:30", "13:15"),
    ),
    (
        "seminar",
        ProgramItem.Kind.TALK,
        "11:30",
        "12:30",
        "정착의 첫해",
        "The first year",
        "하나원(북한이탈주민 정착 교육기관)을 나온 뒤 첫해의 주거, 일, 학교. 최근 입국자의 증언.",
        "Housing, work and school in the first year after Hanawon, told by recent arrivals.",
        60,
        True,
        [("witness", "증언", "Testimony"), ("researcher", "진행", "Moderator")],
    ),
    (
        "seminar",
        ProgramItem.Kind.TALK,
        "14:00",
        "15:00",
        "보호법이 바꾼 것",
        "What the Act changed",
        "1997년 보호법이 바꾼 것과 남은 과제.",
        "What the 1997 Act changed, and what remains to do.",
        60,
        True,
        [("researcher", "발표", "Speaker")],
    ),
    _yearly(
        "things_from_home",
        "탈북민이 떠나올 때 품에 지니고 온 물품과 그 이야기.",
        "Objects that defectors carried with them when they left, and their stories.",
    ),
    _yearly(
        "market",
        "두부밥과 들쭉술, 북한식 옷.",
        "Tofu rice, blueberry liquor and North Korean style clothing.",
        [("chef", "시식 안내", "Tasting")],
    ),
]


STAGES = [
    # key, name ko, name en, kind, capacity, accessibility ko, accessibility en
    (
        "hall",
        "대강당",
        "Main hall",
        Stage.Kind.HALL,
        600,
        "휠체어 좌석, 수어 통역, 보청 루프",
        "Wheelchair spaces, sign language, hearing loop",
    ),
    (
        "outdoor",
        "야외무대",
        "Outdoor stage",
        Stage.Kind.OUTDOOR,
        None,
        "그늘막 아래 휠체어 구역",
        "Shaded wheelchair area",
    ),
    (
        "seminar",
        "세미나실",
        "Seminar room",
        Stage.Kind.HALL,
        80,
        "엘리베이터로 2층",
        "Second floor, by lift",
    ),
    ("exhibition", "전시관", "Exhibition hall", Stage.Kind.EXHIBITION, None, "", ""),
    ("market", "장터", "Market area", Stage.Kind.MARKET, None, "", ""),
]


PERFORMERS = [
    # key, kind, display name, visibility, published, bio ko, bio en, private legal name
    (
        "host",
        Performer.Kind.PERSON,
        "박진우",
        Visibility.NAMED,
        True,
        "방송인. 2009년에 남한에 정착했습니다.",
        "Broadcaster; settled in the South in 2009.",
        "박진우",
    ),
    (
        "choir",
        Performer.Kind.GROUP,
        "새봄 합창단",
        Visibility.NAMED,
        True,
        "탈북민과 남한 시민이 함께 노래하는 합창단.",
        "A choir of defectors and South Korean citizens singing together.",
        "",
    ),
    (
        "troupe",
        Performer.Kind.GROUP,
        "한마음 예술단",
        Visibility.NAMED,
        True,
        "북한 출신 무용수와 연주자들의 예술단.",
        "A troupe of dancers and musicians from the North.",
        "",
    ),
    (
        "pianist",
        Performer.Kind.PERSON,
        "이하나",
        Visibility.NAMED,
        True,
        "피아니스트. 남과 북의 가곡을 함께 연주합니다.",
        "Pianist who plays art songs from both Koreas.",
        "이하나",
    ),
    (
        "singer",
        Performer.Kind.PERSON,
        "봄바람",
        Visibility.PSEUDONYM,
        True,
        "함경북도 출신 가수. 가족의 안전을 위해 예명으로 활동합니다.",
        "A singer from North Hamgyong who performs under a stage name to protect her family.",
        "최은정",
    ),
    (
        "accordion",
        Performer.Kind.PERSON,
        "청진의 바람",
        Visibility.PSEUDONYM,
        True,
        "아코디언 연주자.",
        "Accordionist.",
        "한영수",
    ),
    ("witness", Performer.Kind.PERSON, "수진", Visibility.ANONYMOUS, True, "", "", "김수진"),
    (
        "researcher",
        Performer.Kind.PERSON,
        "정민호",
        Visibility.NAMED,
        True,
        "북한 이주와 디아스포라를 연구합니다.",
        "Researches North Korean migration and the diaspora.",
        "정민호",
    ),
    (
        "chef",
        Performer.Kind.PERSON,
        "량강도 어머니",
        Visibility.PSEUDONYM,
        True,
        "량강도에서 온 요리 연구가.",
        "A cook from Ryanggang.",
        "오순희",
    ),
    (
        "unconfirmed",
        Performer.Kind.PERSON,
        "섭외 중인 연주자",
        Visibility.ANONYMOUS,
        False,
        "",
        "",
        "미정",
    ),
]


# Performers who read English better than Korean: emails to them are written in English.
ENGLISH_SPEAKING = {"researcher", "pianist"}


# Performers with a (drawn) photo, and whether they consent to it being shown in public.
PHOTOS = {"host": True, "choir": True, "singer": False}


# year: [(stage, kind, start, end, title ko, title en, description ko, description en,
#         capacity, published, [(performer, role ko, role en)])]
PROGRAMME: dict[int, list[tuple]] = {
    2024: [
        (
            "hall",
            ProgramItem.Kind.CEREMONY,
            "10:00",
            "11:00",
            "추모식",
            "Memorial ceremony",
            "묵념, 탈북 과정에서 희생된 분들을 기리는 헌화, 통일부 장관 기념사.",
            "A minute of silence, flowers for those who died escaping, and the address of the "
            "Minister of Unification.",
            500,
            True,
            [("host", "사회", "Host")],
        ),
        (
            "hall",
            ProgramItem.Kind.PERFORMANCE,
            "14:00",
            "15:00",
            "북녘의 노래",
            "Songs of the North",
            "고향의 노래를 합창으로 듣습니다.",
            "Songs of home, sung by a choir.",
            None,
            True,
            [("choir", "합창", "Choir")],
        ),
        _yearly(
            "folk_songs",
            "아리랑과 북한 민요.",
            "Arirang and folk songs of the North.",
            [("troupe", "공연", "Performance")],
        ),
        (
            "seminar",
            ProgramItem.Kind.TALK,
            "15:30",
            "16:30",
            "정착 이야기",
            "Stories of settling",
            "남한에 정착한 탈북민들이 첫해를 이야기합니다.",
            "Defectors who settled in the South talk about their first year.",
            60,
            True,
            [("witness", "증언", "Testimony"), ("researcher", "진행", "Moderator")],
        ),
        _yearly(
            "things_from_home",
            "탈북민이 떠나올 때 지니고 온 물품을 전시합니다.",
            "Objects that defectors carried with them when they left.",
        ),
        _yearly(
            "market", "북한 술과 옷, 음식을 파는 장터.", "North Korean liquor, clothing and food."
        ),
    ],
    2025: [
        (
            "hall",
            ProgramItem.Kind.CEREMONY,
            "10:00",
            "10:15",
            "개식과 묵념",
            "Opening and a minute of silence",
            "북한이탈주민의 날 추모식을 열고, 탈북 과정에서 목숨을 잃은 분들을 위해 묵념합니다.",
            "The memorial ceremony opens with a minute of silence for those who died escaping.",
            600,
            True,
            [("host", "사회", "Host")],
        ),
        (
            "hall",
            ProgramItem.Kind.CEREMONY,
            "10:15",
            "10:45",
            "희생자 추모와 헌화",
            "Remembrance and flowers",
            "국경과 바다, 제3국에서 희생된 분들의 이름 없는 기록을 읽고 꽃을 올립니다.",
            "Readings in memory of those who died at the border, at sea and in third countries, "
            "and the laying of flowers.",
            600,
            True,
            [("host", "사회", "Host"), ("witness", "추모 낭독", "Reading")],
        ),
        _yearly(
            "addresses",
            "통일부 장관과 탈북민 대표의 기념사.",
            "Addresses by the Minister of Unification and a representative of the defectors.",
            [("host", "사회", "Host")],
            hours=("10:45", "11:15"),
        ),
        (
            "hall",
            ProgramItem.Kind.TALK,
            "11:30",
            "12:30",
            "보호법 28년, 정착의 오늘",
            "28 years of the Act: resettlement today",
            "1997년 7월 14일 제정된 북한이탈주민보호법이 바꾼 것과 남은 과제.",
            "What the Protection and Settlement Support Act of 14 July 1997 changed, and what "
            "remains to do.",
            300,
            True,
            [("researcher", "발표", "Speaker")],
        ),
        (
            "hall",
            ProgramItem.Kind.PERFORMANCE,
            "14:00",
            "15:00",
            "남과 북의 노래",
            "Songs from both Koreas",
            "남과 북의 가곡과 민요를 합창과 피아노로.",
            "Art songs and folk songs from both Koreas, for choir and piano.",
            600,
            True,
            [("choir", "합창", "Choir"), ("pianist", "피아노", "Piano")],
        ),
        (
            "hall",
            ProgramItem.Kind.PERFORMANCE,
            "17:00",
            "18:00",
            "희망의 메시지",
            "A message of hope",
            "북녘의 가족에게 보내는 노래로 하루를 닫습니다.",
            "The day closes with songs sent to families in the North.",
            600,
            True,
            [("choir", "합창", "Choir"), ("singer", "노래", "Vocals"), ("host", "사회", "Host")],
        ),
        (
            "outdoor",
            ProgramItem.Kind.PERFORMANCE,
            "12:00",
            "12:40",
            "아코디언으로 듣는 북녘 노래",
            "Songs of the North on the accordion",
            "",
            "",
            None,
            True,
            [("accordion", "아코디언", "Accordion")],
        ),
        _yearly(
            "folk_songs",
            "아리랑과 북한 민요, 장구춤.",
            "Arirang, folk songs of the North and a drum dance.",
            [("troupe", "공연", "Performance")],
        ),
        (
            "outdoor",
            ProgramItem.Kind.PERFORMANCE,
            "16:00",
            "16:45",
            "두 개의 고향",
            "Two homes",
            "함경북도에서 온 가수가 부르는 북한 가요와 한국 대중가요.",
            "A singer from North Hamgyong sings North Korean songs and South Korean pop.",
            None,
            True,
            [("singer", "노래", "Vocals"), ("pianist", "피아노", "Piano")],
        ),
        (
            "outdoor",
            ProgramItem.Kind.PERFORMANCE,
            "15:00",
            "15:30",
            "깜짝 무대",
            "Surprise set",
            "",
            "",
            None,
            False,
            [("unconfirmed", "연주", "Music")],
        ),
        (
            "seminar",
            ProgramItem.Kind.TALK,
            "11:00",
            "12:00",
            "정착 지원 제도 안내",
            "Settlement support explained",
            "하나원(북한이탈주민 정착 교육기관) 이후의 주거, 취업, 교육 지원을 안내합니다.",
            "Housing, work and education support after Hanawon, explained.",
            60,
            True,
            [],
        ),
        (
            "seminar",
            ProgramItem.Kind.TALK,
            "14:00",
            "15:00",
            "국경을 넘은 여성들",
            "Women who crossed the border",
            "최근 입국자의 대부분은 여성입니다. 익명의 증언과 연구자의 해설.",
            "Most recent arrivals are women. An anonymous testimony and a researcher's commentary.",
            60,
            True,
            [("witness", "증언", "Testimony"), ("researcher", "해설", "Commentary")],
        ),
        (
            "seminar",
            ProgramItem.Kind.TALK,
            "16:00",
            "17:00",
            "세계의 탈북민",
            "North Koreans around the world",
            "영국, 캐나다, 미국, 독일, 네덜란드에 사는 탈북민 디아스포라.",
            "The diaspora of North Koreans in the UK, Canada, the USA, Germany and the "
            "Netherlands.",
            60,
            True,
            [("researcher", "발표", "Speaker")],
        ),
        _yearly(
            "things_from_home",
            "떠나올 때 품에 지니고 온 사진, 편지, 옷과 그릇.",
            "Photographs, letters, clothes and bowls that defectors carried with them.",
        ),
        _yearly(
            "market",
            "량강도 감자떡, 함흥냉면, 북한 술과 옷.",
            "Ryanggang potato cakes, Hamhung cold noodles, North Korean liquor and clothing.",
            [("chef", "시식 안내", "Tasting")],
        ),
    ],
}


def draw_portrait(key: str) -> bytes:
    """A plain drawn silhouette standing in for a photo (nothing is downloaded, no one's face)."""
    hue = sum(key.encode()) % 360
    image = Image.new("RGB", (480, 480), f"hsl({hue}, 35%, 82%)")
    draw = ImageDraw.Draw(image)
    ink = f"hsl({hue}, 30%, 40%)"
    draw.ellipse((170, 90, 310, 230), fill=ink)
    draw.ellipse((95, 250, 385, 560), fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


# The memorial ceremony's order of proceedings (식순), as a state ceremony runs it. Items titled
# in RUNNING_ORDER_ITEMS get it. Each row: (kind, minutes, title ko, title en, performer key or
# None, responsible (officials), MC script ko, MC script en, microphones, music, lighting, screen,
# sign-language interpretation).
RUNNING_ORDER_ITEMS = {"추모식"}
CEREMONY_RUNNING_ORDER: list[tuple] = [
    (
        "rite",
        1,
        "개식 선언",
        "Opening declaration",
        "host",
        "",
        "지금부터 북한이탈주민의 날 추모식을 거행하겠습니다.",
        "The memorial ceremony of North Korean Defectors' Day will now begin.",
        "사회자 무선 1",
        "",
        "무대 전체",
        "행사 표지",
        True,
    ),
    (
        "rite",
        4,
        "국민의례",
        "National rites",
        "host",
        "",
        "모두 일어나 국기에 대하여 경례하겠습니다. 이어서 애국가를 1절까지 제창하겠습니다.",
        "Please rise to salute the national flag, then sing the first verse of the anthem.",
        "사회자 무선 1",
        "애국가_1절.mp3",
        "태극기 집중 조명",
        "태극기",
        True,
    ),
    (
        "silence",
        1,
        "순국선열 및 탈북 과정에서 희생된 분들에 대한 묵념",
        "A moment of silence for the patriotic martyrs and for those who died escaping",
        "host",
        "",
        "순국선열과 탈북 과정에서 희생된 분들을 위하여 묵념하겠습니다. 일동 묵념.",
        "A moment of silence for the patriotic martyrs and for those who died escaping.",
        "사회자 무선 1",
        "묵념곡.mp3",
        "객석 조명 낮춤",
        "추모 문구",
        True,
    ),
    (
        "address",
        8,
        "기념사",
        "Commemorative address",
        None,
        "통일부 장관",
        "다음은 통일부 장관의 기념사가 있겠습니다.",
        "The Minister of Unification will now give the commemorative address.",
        "연단 고정 마이크",
        "",
        "연단 조명",
        "연설자 이름",
        True,
    ),
    (
        "testimony",
        8,
        "증언",
        "Testimony",
        "witness",
        "",
        "탈북 과정에서 가족을 잃은 분의 증언을 듣겠습니다. 증언자의 뜻에 따라 얼굴은 "
        "촬영하지 않습니다.",
        "We will hear the testimony of someone who lost family while escaping. At their wish, "
        "their face is not filmed.",
        "연단 고정 마이크",
        "",
        "연단 조명 (얼굴 역광)",
        "화면 끔",
        True,
    ),
    (
        "performance",
        10,
        "추모 공연",
        "Memorial performance",
        "choir",
        "",
        "희생된 분들을 기리는 추모 공연이 있겠습니다.",
        "A memorial performance in honour of those who died.",
        "합창 스탠드 마이크 4",
        "추모공연_반주.wav",
        "무대 전체 (따뜻한 색)",
        "노래 가사",
        False,
    ),
    (
        "rite",
        1,
        "폐식",
        "Closing",
        "host",
        "",
        "이상으로 북한이탈주민의 날 추모식을 모두 마치겠습니다.",
        "This concludes the memorial ceremony of North Korean Defectors' Day.",
        "사회자 무선 1",
        "퇴장곡.mp3",
        "객석 조명 켬",
        "행사 표지",
        True,
    ),
]
