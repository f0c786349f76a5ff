# ruff: noqa: E501, RUF001, RUF002 - the multiplication sign is right for dimensions; one object per block reads best.
"""Demo catalogue: realistic bilingual objects, lenders of each visibility, generated images.

The objects are typical of what defectors have lent to exhibitions; the people are invented.
Images are drawn with Pillow at load time (nothing is downloaded).
"""

import datetime as dt
import io
import random

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from events.common.caching import public_pages_changed
from events.common.images import image_sanitise
from events.models import Edition, defectors_day
from events.privacy import Visibility
from exhibits import services
from exhibits.models import Category, Condition, Display, Exhibit, ExhibitImage, Lender, Province

# display_name, visibility, (web, label, press) consents, legal name (private, invented)
LENDERS = [
    ("김은희", Visibility.NAMED, (True, True, True), "김은희", "eunhee.demo@example.org"),
    ("박철민", Visibility.NAMED, (True, True, False), "박철민", "cm.park.demo@example.org"),
    ("이정순", Visibility.NAMED, (False, True, False), "이정순", ""),
    ("한라봉", Visibility.PSEUDONYM, (True, True, True), "최민지", "minji.demo@example.org"),
    ("새봄", Visibility.PSEUDONYM, (True, False, False), "정유나", ""),
    ("두만강 건너온 사람", Visibility.PSEUDONYM, (True, True, True), "오성호", ""),
    ("", Visibility.ANONYMOUS, (False, False, False), "강혜련", "hr.kang.demo@example.org"),
    ("", Visibility.ANONYMOUS, (False, False, False), "윤상철", ""),
]

NH, RG, SH, SP = (
    Province.NORTH_HAMGYONG,
    Province.RYANGGANG,
    Province.SOUTH_HAMGYONG,
    Province.SOUTH_PYONGAN,
)

# fmt: off
# number, category, province, year left, lender index, condition,
# (title ko, title en), (description ko, description en), (story ko, story en),
# (materials ko, materials en), dimensions, period made, flagged image
EXHIBITS = [
    ("DD-2024-001", Category.DOCUMENTS, NH, 2009, 0, Condition.FAIR,
     ("식량 배급표", "Food ration card"),
     ("1990년대 말 가족 네 명의 한 달 치 옥수수 배급을 적은 종이 배급표.",
      "A paper ration card recording a month of maize rations for a family of four, late 1990s."),
     ("배급이 끊긴 뒤에도 어머니는 이 배급표를 버리지 못하셨습니다.",
      "Even after the rations stopped, my mother could not throw this card away."),
     ("종이, 잉크", "paper, ink"), "14 × 9 cm", "1990년대", False),
    ("DD-2024-002", Category.BOOKS, RG, 2011, 1, Condition.GOOD,
     ("인민학교(초등학교) 국어 교과서", "Primary school Korean textbook"),
     ("인민학교 3학년 국어 교과서. 표지 안쪽에 아이의 이름이 지워져 있다.",
      "A third-year Korean-language textbook; the child's name inside the cover has been scratched out."),
     ("딸이 쓰던 책입니다. 국경을 넘을 때 품에 넣어 왔습니다.",
      "My daughter's book. I carried it inside my coat across the border."),
     ("종이, 판지", "paper, card"), "21 × 15 cm", "2000년대", False),
    ("DD-2024-003", Category.PHOTOGRAPHS, NH, 2008, 3, Condition.FAIR,
     ("가족사진", "Family photograph"),
     ("회령의 집 앞에서 찍은 흑백 가족사진.",
      "A black-and-white family photograph taken in front of a house in Hoeryong."),
     ("남은 가족의 얼굴은 가렸습니다. 이 사진이 그들을 위험하게 해서는 안 됩니다.",
      "The faces of the family who stayed are covered. This photograph must not endanger them."),
     ("인화지", "photographic paper"), "9 × 6 cm", "1980년대", True),
    ("DD-2024-004", Category.CLOTHING, RG, 2010, 5, Condition.FAIR,
     ("솜 누빔 겨울 외투", "Quilted cotton winter coat"),
     ("안감에 솜을 누벼 넣은 짙은 색 겨울 외투. 소매가 많이 닳았다.",
      "A dark winter coat quilted with cotton wadding; the sleeves are badly worn."),
     ("영하 이십 도의 밤에 강을 건널 때 입었던 외투입니다.",
      "I wore this coat the night I crossed the river at twenty below zero."),
     ("면, 솜", "cotton, wadding"), "110 × 60 cm", "2000년대", False),
    ("DD-2024-005", Category.CLOTHING, NH, 2007, 5, Condition.POOR,
     ("두만강을 건넌 신발", "Shoes worn across the Tumen river"),
     ("밑창이 갈라진 천 운동화 한 켤레. 강물에 젖었다 마른 얼룩이 남아 있다.",
      "A pair of canvas shoes with split soles, still marked where the river water dried."),
     ("두만강을 건넌 뒤에도 이 신발로 중국에서 석 달을 걸었습니다.",
      "After the Tumen I walked for three months in China in these shoes."),
     ("천, 고무", "canvas, rubber"), "26 cm", "2000년대", False),
    ("DD-2024-006", Category.CURRENCY, SH, 2012, 6, Condition.GOOD,
     ("북한 원화 지폐", "North Korean won banknotes"),
     ("2009년 화폐개혁 이후 발행된 5000원권과 1000원권 지폐.",
      "5,000 and 1,000 won notes issued after the 2009 currency reform."),
     ("화폐개혁으로 하루아침에 모은 돈이 사라졌습니다.",
      "With the currency reform, our savings vanished overnight."),
     ("종이", "paper"), "15 × 7 cm", "2009", False),
    ("DD-2024-007", Category.HOUSEHOLD, RG, 2014, 2, Condition.GOOD,
     ("양은 도시락", "Aluminium lunch box"),
     ("뚜껑이 찌그러진 양은 도시락. 옥수수밥을 담아 다녔다.",
      "A dented aluminium lunch box that carried maize rice."),
     ("공장에 다닐 때 매일 들고 다닌 도시락입니다.",
      "I took this lunch box to the factory every day."),
     ("알루미늄", "aluminium"), "18 × 11 × 6 cm", "1990년대", False),
    ("DD-2024-008", Category.DOCUMENTS, NH, 2015, 7, Condition.FAIR,
     ("공민증 사본", "Copy of a citizen's ID card"),
     ("이름과 사진을 가린 공민증 사본.",
      "A copy of a citizen's identity card with name and photograph masked."),
     ("", ""),
     ("종이", "paper"), "12 × 8 cm", "2000년대", True),
    ("DD-2024-009", Category.TOOLS, NH, 2006, 1, Condition.FAIR,
     ("손수 만든 낫", "Hand-forged sickle"),
     ("협동농장에서 쓰던 낫. 자루는 직접 깎아 만들었다.",
      "A sickle from a collective farm; the handle was carved by hand."),
     ("가을마다 이 낫으로 옥수수를 베었습니다.",
      "Every autumn I cut maize with this sickle."),
     ("쇠, 나무", "iron, wood"), "42 cm", "1980년대", False),
    ("DD-2024-010", Category.BOOKS, SP, 2004, 0, Condition.GOOD,
     ("손으로 쓴 노래책", "Handwritten songbook"),
     ("좋아하는 노래 가사를 손으로 옮겨 적은 공책.",
      "A notebook of favourite song lyrics copied out by hand."),
     ("몰래 듣던 남쪽 노래도 몇 곡 적혀 있습니다.",
      "It also holds a few South Korean songs I listened to in secret."),
     ("종이, 연필", "paper, pencil"), "19 × 13 cm", "1990년대", False),
    ("DD-2024-011", Category.HOUSEHOLD, RG, 2009, 3, Condition.GOOD,
     ("놋쇠 숟가락", "Brass spoon"),
     ("할머니에게서 물려받은 놋쇠 숟가락.",
      "A brass spoon handed down from a grandmother."),
     ("떠날 때 가져온 것은 이 숟가락 하나뿐이었습니다.",
      "This spoon was the only thing I took when I left."),
     ("놋쇠", "brass"), "20 cm", "1960년대", False),
    ("DD-2024-012", Category.PHOTOGRAPHS, RG, 2013, 4, Condition.GOOD,
     ("혜산의 겨울 풍경 사진", "Winter view of Hyesan"),
     ("압록강 건너에서 본 혜산 시내의 겨울 풍경.",
      "Hyesan in winter, seen across the Yalu river."),
     ("고향이 그리울 때 꺼내 보는 사진입니다.",
      "I take this photograph out when I miss home."),
     ("인화지", "photographic paper"), "15 × 10 cm", "2010년대", False),
    ("DD-2024-013", Category.CURRENCY, NH, 2016, 6, Condition.GOOD,
     ("중국 인민폐와 북한 우표", "Chinese yuan and North Korean stamps"),
     ("국경 장마당에서 쓰이던 인민폐 지폐와 소인이 찍힌 우표 몇 장.",
      "Yuan notes used in the border markets and a few franked stamps."),
     ("장마당에서는 원화보다 인민폐가 더 믿을 만했습니다.",
      "In the markets, yuan was more trusted than won."),
     ("종이", "paper"), "various", "2000년대", False),
    ("DD-2024-014", Category.CLOTHING, SH, 2005, 2, Condition.FAIR,
     ("손뜨개 털장갑", "Hand-knitted mittens"),
     ("풀어 낸 스웨터 실로 다시 뜬 털장갑.",
      "Mittens knitted from the yarn of an unravelled sweater."),
     ("어머니가 마지막으로 떠 주신 장갑입니다.",
      "The last mittens my mother knitted for me."),
     ("털실", "wool"), "22 cm", "2000년대", False),
    ("DD-2024-015", Category.OTHER, NH, 2010, 5, Condition.GOOD,
     ("두만강 강가의 조약돌", "Pebble from the Tumen riverbank"),
     ("강을 건너기 직전 주머니에 넣은 작은 조약돌.",
      "A small pebble put in a pocket just before crossing the river."),
     ("언젠가 돌려놓으러 가고 싶습니다.",
      "One day I want to take it back."),
     ("돌", "stone"), "4 cm", "", False),
    ("DD-2025-001", Category.DOCUMENTS, RG, 2018, 3, Condition.GOOD,
     ("졸업증", "School leaving certificate"),
     ("고등중학교 졸업증. 이름과 학교명은 가렸다.",
      "A senior middle school certificate; name and school are masked."),
     ("남쪽에서 학력을 인정받으려고 가져왔습니다.",
      "I brought it to have my schooling recognised in the South."),
     ("종이", "paper"), "25 × 18 cm", "2010년대", True),
    ("DD-2025-002", Category.HOUSEHOLD, NH, 2017, 0, Condition.GOOD,
     ("석유 등잔", "Kerosene lamp"),
     ("정전이 잦던 시절 밤마다 켠 석유 등잔.",
      "A kerosene lamp lit every night during the frequent power cuts."),
     ("이 불빛 아래에서 아이들이 숙제를 했습니다.",
      "My children did their homework by this light."),
     ("유리, 양철", "glass, tin"), "24 cm", "1990년대", False),
    ("DD-2025-003", Category.BOOKS, SH, 2019, 4, Condition.FAIR,
     ("조선말 대사전 한 권", "A volume of the Korean dictionary"),
     ("표지가 떨어진 조선말 사전.",
      "A Korean-language dictionary with its cover missing."),
     ("남쪽 말과 다른 낱말을 찾아보는 데 지금도 씁니다.",
      "I still use it to look up words that differ from the South's."),
     ("종이", "paper"), "22 × 15 cm", "1990년대", False),
    ("DD-2025-004", Category.TOOLS, RG, 2015, 1, Condition.FAIR,
     ("재봉틀 부품", "Sewing machine parts"),
     ("장마당에서 옷을 고쳐 팔 때 쓰던 재봉틀 북과 바늘.",
      "Bobbin and needles of a sewing machine used to mend clothes for the market."),
     ("이 재봉틀로 온 가족이 먹고살았습니다.",
      "This sewing machine fed the whole family."),
     ("쇠", "steel"), "10 cm", "1980년대", False),
    ("DD-2025-005", Category.CLOTHING, NH, 2019, 6, Condition.GOOD,
     ("학생 교복", "School uniform"),
     ("남색 학생 교복 윗도리.",
      "A navy school uniform jacket."),
     ("", ""),
     ("합성섬유", "synthetic fibre"), "60 × 45 cm", "2010년대", False),
    ("DD-2025-006", Category.PHOTOGRAPHS, SP, 2003, 7, Condition.POOR,
     ("결혼식 사진", "Wedding photograph"),
     ("평성에서 찍은 결혼식 기념사진. 모서리가 찢어졌다.",
      "A wedding photograph taken in Pyongsong, with a torn corner."),
     ("", ""),
     ("인화지", "photographic paper"), "12 × 9 cm", "1980년대", True),
    ("DD-2025-007", Category.HOUSEHOLD, RG, 2011, 2, Condition.GOOD,
     ("김장 항아리 뚜껑", "Lid of a kimchi jar"),
     ("겨울 김장 항아리의 옹기 뚜껑.",
      "The earthenware lid of a winter kimchi jar."),
     ("이웃과 함께 김장하던 날이 가장 그립습니다.",
      "What I miss most are the kimchi-making days with the neighbours."),
     ("옹기", "earthenware"), "30 cm", "1970년대", False),
    ("DD-2025-008", Category.CURRENCY, RG, 2008, 5, Condition.FAIR,
     ("옛 북한 동전", "Old North Korean coins"),
     ("1전, 5전, 10전 알루미늄 동전.",
      "1, 5 and 10 chon aluminium coins."),
     ("어릴 적 과자를 사 먹던 동전입니다.",
      "Coins I spent on sweets as a child."),
     ("알루미늄", "aluminium"), "2 cm", "1970년대", False),
    ("DD-2025-009", Category.DOCUMENTS, NH, 2012, 0, Condition.GOOD,
     ("손으로 그린 탈북 경로 지도", "Hand-drawn map of the escape route"),
     ("중국에서 라오스까지의 길을 기억으로 그린 지도.",
      "A map, drawn from memory, of the way from China to Laos."),
     ("이 길에서 함께 떠난 사람 둘을 잃었습니다.",
      "On this route I lost two of the people I left with."),
     ("종이, 볼펜", "paper, ballpoint pen"), "30 × 21 cm", "2012", False),
    ("DD-2025-010", Category.OTHER, SH, 2016, 4, Condition.GOOD,
     ("손목시계", "Wristwatch"),
     ("아버지가 쓰던 태엽 손목시계.",
      "A father's wind-up wristwatch."),
     ("시계는 멈췄지만 버릴 수가 없습니다.",
      "The watch has stopped, but I cannot part with it."),
     ("쇠, 가죽", "steel, leather"), "4 cm", "1980년대", False),
    ("DD-2025-011", Category.BOOKS, RG, 2014, 3, Condition.FAIR,
     ("아이의 그림일기", "A child's picture diary"),
     ("크레용으로 그린 그림일기 공책.",
      "A notebook diary drawn in crayon."),
     ("딸이 일곱 살 때 그린 우리 집입니다.",
      "Our house, drawn by my daughter at seven."),
     ("종이, 크레용", "paper, crayon"), "20 × 15 cm", "2000년대", False),
    ("DD-2025-012", Category.TOOLS, NH, 2009, 7, Condition.FAIR,
     ("나무 물지게", "Wooden water yoke"),
     ("양쪽에 물통을 거는 나무 물지게.",
      "A wooden yoke for carrying two water buckets."),
     ("", ""),
     ("나무, 노끈", "wood, cord"), "120 cm", "1990년대", False),
    ("DD-2025-013", Category.CLOTHING, RG, 2018, 1, Condition.GOOD,
     ("털모자", "Fur hat"),
     ("토끼털로 만든 겨울 모자.",
      "A winter hat made of rabbit fur."),
     ("장마당에서 직접 만들어 팔던 모자입니다.",
      "I made and sold hats like this in the market."),
     ("토끼털, 면", "rabbit fur, cotton"), "25 cm", "2010년대", False),
    ("DD-2025-014", Category.HOUSEHOLD, NH, 2013, 6, Condition.GOOD,
     ("라디오", "Radio"),
     ("주파수가 고정되도록 봉인되었던 라디오.",
      "A radio once sealed to a fixed frequency."),
     ("봉인을 뜯고 몰래 남쪽 방송을 들었습니다.",
      "We broke the seal and listened to broadcasts from the South in secret."),
     ("플라스틱, 금속", "plastic, metal"), "25 × 15 × 8 cm", "1990년대", False),
    ("DD-2025-015", Category.DOCUMENTS, RG, 2020, 5, Condition.GOOD,
     ("하나원(북한이탈주민 정착 교육기관) 수료증", "Hanawon completion certificate"),
     ("하나원을 마치고 받은 수료증. 이름은 가렸다.",
      "A certificate from Hanawon, the South's resettlement centre; the name is masked."),
     ("새 삶이 시작된 날의 종이입니다.",
      "The paper from the day a new life began."),
     ("종이", "paper"), "30 × 21 cm", "2020", False),
]
# fmt: on

PALETTE = {
    Category.DOCUMENTS: ((232, 224, 200), (110, 90, 60)),
    Category.PHOTOGRAPHS: ((60, 60, 60), (210, 210, 200)),
    Category.CLOTHING: ((40, 52, 80), (170, 180, 200)),
    Category.HOUSEHOLD: ((200, 196, 186), (90, 90, 96)),
    Category.CURRENCY: ((190, 210, 190), (60, 100, 70)),
    Category.BOOKS: ((150, 40, 40), (240, 230, 210)),
    Category.TOOLS: ((120, 100, 80), (60, 60, 60)),
    Category.OTHER: ((180, 190, 200), (70, 80, 90)),
}


def draw_object(number: str, category: str, *, shoes: bool = False) -> bytes:
    """A simple picture of the object, drawn rather than photographed: about 1200 × 900."""
    rng = random.Random(number)  # noqa: S311 - repeatable drawing, not security
    background, ink = PALETTE[category]
    image = Image.new("RGB", (1200, 900), (246, 243, 236))
    draw = ImageDraw.Draw(image)
    if category in (Category.DOCUMENTS, Category.BOOKS):
        draw.rectangle((300, 120, 900, 800), fill=background, outline=ink, width=6)
        for y in range(220, 760, 48):
            draw.line((360, y, 360 + rng.randint(300, 470), y), fill=ink, width=5)
    elif category == Category.PHOTOGRAPHS:
        draw.rectangle((250, 150, 950, 750), fill=(255, 255, 255))
        draw.rectangle((290, 190, 910, 710), fill=background)
        for i in range(rng.randint(2, 4)):
            x = 380 + i * 150
            draw.ellipse((x, 330, x + 90, 420), fill=ink)
            draw.rectangle((x - 10, 430, x + 100, 700), fill=ink)
    elif shoes:
        for left in (260, 640):
            draw.rounded_rectangle(
                (left, 420, left + 300, 620), radius=90, fill=background, outline=ink, width=6
            )
            draw.rectangle((left, 600, left + 300, 640), fill=ink)
    elif category == Category.CLOTHING:
        draw.polygon(
            [
                (450, 150),
                (750, 150),
                (950, 350),
                (860, 420),
                (800, 380),
                (800, 800),
                (400, 800),
                (400, 380),
                (340, 420),
                (250, 350),
            ],
            fill=background,
            outline=ink,
        )
    elif category == Category.CURRENCY:
        for i in range(3):
            offset = i * 60
            draw.rectangle(
                (220 + offset, 250 + offset, 900 + offset, 560 + offset),
                fill=background,
                outline=ink,
                width=5,
            )
        draw.ellipse((700, 400, 860, 560), outline=ink, width=6)
    else:
        draw.ellipse((350, 200, 850, 700), fill=background, outline=ink, width=8)
        draw.rectangle((560, 650, 640, 820), fill=ink)
    draw.text((40, 850), number, fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _edition(year: int) -> Edition:
    edition, _created = Edition.objects.get_or_create(
        year=year,
        defaults={
            "date": defectors_day(year),
            "title_ko": f"제{year - 2023}회 북한이탈주민의 날",
            "title_en": f"North Korean Defectors' Day {year}",
            "venue_ko": "서울",
            "venue_en": "Seoul",
            "is_published": True,
        },
    )
    return edition


@transaction.atomic
def load_demo_exhibits(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Create or refresh the demo catalogue; running it twice changes nothing."""
    now = now or timezone.now()
    lenders = []
    for display_name, visibility, consents, legal_name, email in LENDERS:
        lender, _created = Lender.objects.get_or_create(
            legal_name=legal_name,
            defaults={
                "display_name": display_name,
                "visibility": visibility,
                "contact_email": email,
            },
        )
        for use, granted in zip(("web", "label", "press"), consents, strict=True):
            setattr(lender, f"consent_{use}", granted)
            setattr(lender, f"consent_{use}_on", dt.date(2024, 5, 20) if granted else None)
        lender.save()
        lenders.append(lender)

    editions = {2024: _edition(2024), 2025: _edition(2025)}
    created = 0
    for row in EXHIBITS:
        (number, category, province, year_left, lender_index, condition,
         titles, descriptions, stories, materials, dimensions, period, flagged) = row  # fmt: skip
        exhibit, was_created = Exhibit.objects.update_or_create(
            object_number=number,
            defaults={
                "category": category,
                "province": province,
                "year_left": year_left,
                "lender": lenders[lender_index],
                "condition": condition,
                "title_ko": titles[0],
                "title_en": titles[1],
                "description_ko": descriptions[0],
                "description_en": descriptions[1],
                "story_ko": stories[0],
                "story_en": stories[1],
                "materials_ko": materials[0],
                "materials_en": materials[1],
                "dimensions": dimensions,
                "period_made_ko": period,
                "period_made_en": period.replace("년대", "s"),
                "loan_received_on": dt.date(int(number[3:7]), 5, 1),
                "loan_due_back_on": dt.date(int(number[3:7]) + 1, 5, 1),
                "loan_agreement_signed": True,
            },
        )
        created += was_created
        if not exhibit.images.exists():
            image = ExhibitImage(
                exhibit=exhibit,
                alt_text_ko=f"{titles[0]} 그림",
                alt_text_en=f"Drawing: {titles[1]}",
                order=1,
                shows_identifying=flagged,
            )
            services.exhibit_image_store(
                image=image,
                sanitised=image_sanitise(
                    draw_object(number, category, shoes="Shoes" in titles[1]), name=number
                ),
            )
            image.save()
        year = int(number[3:7])
        Display.objects.get_or_create(
            exhibit=exhibit,
            edition=editions[year],
            defaults={
                "order": int(number[-3:]),
                "showcase": f"{chr(64 + (int(number[-3:]) - 1) // 5 + 1)}-{int(number[-3:])}",
                "location_ko": "전시관",
                "location_en": "Exhibition hall",
            },
        )
        if year == 2024 and int(number[-3:]) % 3 == 0:
            services.display_add(exhibits=[exhibit], edition=editions[2025])
        # Flagged images wait for a second organiser: those exhibits stay unpublished.
        if not flagged and not exhibit.is_published:
            services.exhibit_publish(exhibit=exhibit, by=None, now=now)
    # The upcoming edition (load_demo makes it) shows every other published object again.
    upcoming = Edition.objects.filter(year__gt=2025, is_published=True).order_by("-year").first()
    if upcoming is not None:
        services.display_add(
            exhibits=Exhibit.objects.filter(is_published=True).order_by("object_number")[::2],
            edition=upcoming,
        )
    public_pages_changed()
    return {"exhibits": len(EXHIBITS), "created": created, "lenders": len(lenders)}
