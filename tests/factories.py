"""factory_boy factories: plain, predictable defaults; tests state what they depend on."""

import datetime as dt

import factory

from events.models import SEOUL, Appearance, Edition, Performer, ProgramItem, Stage, defectors_day
from events.privacy import Visibility
from participants.models import User

# --- participants: users ----------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "ko"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def door_staff(**kwargs) -> User:
    """A staff member whose one permission is checking people in at the door."""
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True, **kwargs)
    staff.user_permissions.add(Permission.objects.get(codename="checkin_rsvp"))
    return staff


# --- events ----------------------------------------------------------------------------------


class EditionFactory(factory.django.DjangoModelFactory):
    """One edition per year: asking again for a year that exists returns that row only if it has
    every value asked (the declared defaults included), and fails otherwise, so that
    ``EditionFactory(capacity=5)`` gives capacity 5 or an error, never a row with other values."""

    class Meta:
        model = Edition

    year = 2025
    date = factory.LazyAttribute(lambda o: defectors_day(o.year))
    title_ko = factory.LazyAttribute(lambda o: f"제{o.year - 2023}회 북한이탈주민의 날")
    title_en = factory.LazyAttribute(lambda o: f"North Korean Defectors' Day {o.year}")
    venue_ko = "서울"
    venue_en = "Seoul"
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(year=kwargs["year"]).first()
        if existing is None:
            return super()._create(model_class, *args, **kwargs)
        different = {
            name: (getattr(existing, name), value)
            for name, value in kwargs.items()
            if getattr(existing, name) != value
        }
        if different:
            raise ValueError(
                f"EditionFactory: the {kwargs['year']} edition exists with other values "
                f"(existing, asked): {different}. Ask for another year."
            )
        return existing


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    edition = factory.SubFactory(EditionFactory)
    name_ko = factory.Sequence(lambda n: f"무대 {n}")
    name_en = factory.Sequence(lambda n: f"Stage {n}")
    kind = Stage.Kind.HALL


def seoul(edition_or_date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware Seoul time on an edition's day (or a date)."""
    day = getattr(edition_or_date, "date", edition_or_date)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


class ProgramItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramItem

    edition = factory.SubFactory(EditionFactory)
    stage = factory.SubFactory(StageFactory, edition=factory.SelfAttribute("..edition"))
    kind = ProgramItem.Kind.TALK
    title_ko = factory.Sequence(lambda n: f"순서 {n}")
    title_en = factory.Sequence(lambda n: f"Item {n}")
    starts_at = factory.LazyAttribute(lambda o: seoul(o.edition, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    is_published = True


class PerformerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Performer

    display_name = factory.Sequence(lambda n: f"Performer {n}")
    legal_name = factory.Sequence(lambda n: f"Legal Name {n}")
    contact_email = factory.Sequence(lambda n: f"performer{n}@private.example.org")
    visibility = Visibility.NAMED
    is_published = True


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    item = factory.SubFactory(ProgramItemFactory)
    performer = factory.SubFactory(PerformerFactory)


# --- participants: attendees and reminders ---------------------------------------------------


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Rsvp"

    user = factory.SubFactory(UserFactory)
    edition = factory.SubFactory(EditionFactory)
    item = None
    party_size = 1
    status = "confirmed"


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Reminder"

    kind = "edition_day_before"
    key = factory.Sequence(lambda n: f"test:{n}")
    recipient = factory.SubFactory(UserFactory)
    language = factory.LazyAttribute(
        lambda o: o.recipient.preferred_language if o.recipient else "ko"
    )
    due_at = factory.LazyFunction(lambda: dt.datetime(2025, 7, 13, 10, tzinfo=SEOUL))


# --- attendees -------------------------------------------------------------------------------


def open_edition(*, capacity: int | None = None, max_party_size: int = 4, **kwargs) -> Edition:
    """An edition next year whose registration is open now (for views, which read the clock)."""
    from django.utils import timezone

    now = timezone.now()
    return EditionFactory(
        year=now.year + 1,
        capacity=capacity,
        max_party_size=max_party_size,
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=30),
        **kwargs,
    )


# --- participants: vendors -------------------------------------------------------------------


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Vendor"

    owner = factory.SubFactory(UserFactory)
    display_name_ko = factory.Sequence(lambda n: f"가게 {n}")
    display_name_en = factory.Sequence(lambda n: f"Shop {n}")
    visibility = Visibility.PSEUDONYM
    legal_name = factory.Sequence(lambda n: f"Legal Vendor {n}")
    contact_phone = "010-0000-0000"
    contact_email = factory.Sequence(lambda n: f"vendor{n}@private.example.org")
    is_listed = True


class MarketStageFactory(StageFactory):
    kind = Stage.Kind.MARKET
    name_ko = "장터"
    name_en = "Market"


class StallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Stall"

    stage = factory.SubFactory(MarketStageFactory)
    number = factory.Sequence(lambda n: n + 1)
    zone = "general"
    size = "standard"
    has_power = False
    has_water = False


class StallApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.StallApplication"

    vendor = factory.SubFactory(VendorFactory)
    edition = factory.SubFactory(EditionFactory)
    sells_crafts = True
    stall_size = "standard"
    status = "submitted"


class PermitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Permit"

    vendor = factory.SubFactory(VendorFactory)
    kind = "food_report"
    number = factory.Sequence(lambda n: f"2025-{n:05d}")
    expires_on = dt.date(2099, 12, 31)
    scan = factory.django.FileField(filename="scan.pdf", data=b"%PDF-1.4 test scan")
    scan_content_type = "application/pdf"
    status = "verified"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Product"

    vendor = factory.SubFactory(VendorFactory)
    name_ko = factory.Sequence(lambda n: f"상품 {n}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    category = "crafts"
    price_won = 5000
    provenance = "north_style"


def open_market_edition(**kwargs):
    """A published edition next year: stall applications are open today."""
    from django.utils import timezone

    return EditionFactory(year=timezone.now().year + 1, **kwargs)


def approved_application(*, edition=None, vendor=None, **kwargs):
    """An approved application (crafts by default) of a listed vendor."""
    return StallApplicationFactory(
        edition=edition or open_market_edition(),
        vendor=vendor or VendorFactory(),
        status="approved",
        **kwargs,
    )


# --- reminders -------------------------------------------------------------------------------


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Announcement"

    edition = factory.SubFactory(EditionFactory)
    subject_ko = "안내 말씀"
    subject_en = "A notice"
    body_ko = "행사장 입구가 바뀌었습니다."
    body_en = "The entrance has moved."


# --- exhibits --------------------------------------------------------------------------------


def jpeg_with_gps(size: tuple[int, int] = (64, 48), colour=(120, 30, 30)) -> bytes:
    """A real JPEG carrying a camera make and a GPS position, as a phone writes them: what every
    upload must lose before it is stored."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "SecretPhone Inc."  # Make
    exif[0x8825] = {2: (37.0, 33.0, 0.0), 4: (126.0, 58.0, 0.0)}  # GPS latitude / longitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def permit_pdf(size: int = 100):
    """A permit scan as a vendor uploads it: a PDF of ``size`` bytes after its header."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("permit.pdf", b"%PDF-1.4\n" + b"0" * size, "application/pdf")


def png_bytes(size: tuple[int, int] = (64, 48), colour=(120, 90, 40)) -> bytes:
    """A small real PNG, drawn in memory."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


class LenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibits.Lender"

    display_name = factory.Sequence(lambda n: f"Lender {n}")
    visibility = Visibility.NAMED
    consent_web = True
    consent_web_on = dt.date(2024, 5, 1)
    consent_label = True
    consent_label_on = dt.date(2024, 5, 1)
    consent_press = True
    consent_press_on = dt.date(2024, 5, 1)
    legal_name = factory.Sequence(lambda n: f"Secretlegal Name{n}")
    contact_email = factory.Sequence(lambda n: f"lender{n}@private.example.org")
    contact_phone = "010-0000-0000"


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibits.Exhibit"

    object_number = factory.Sequence(lambda n: f"DD-{2024 + n // 1000}-{n % 1000:03d}")
    title_ko = factory.Sequence(lambda n: f"전시물 {n}")
    title_en = factory.Sequence(lambda n: f"Exhibit {n}")
    description_ko = "설명"
    description_en = "Description"
    category = "documents"
    province = "north_hamgyong"
    year_left = 2010
    lender = factory.SubFactory(LenderFactory)
    is_published = True
    published_at = factory.LazyFunction(lambda: dt.datetime(2025, 6, 1, 10, tzinfo=SEOUL))


class ExhibitImageFactory(factory.django.DjangoModelFactory):
    """An image with real sanitised files and renditions (through the service's storage step)."""

    class Meta:
        model = "exhibits.ExhibitImage"

    exhibit = factory.SubFactory(ExhibitFactory)
    alt_text_ko = "대체 텍스트"
    alt_text_en = "Alt text"
    order = factory.Sequence(lambda n: n)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from events.common.images import image_sanitise
        from exhibits.services import exhibit_image_store

        image = model_class(*args, **kwargs)
        exhibit_image_store(image=image, sanitised=image_sanitise(png_bytes(), name="test"))
        image.save()
        return image


class DisplayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibits.Display"

    exhibit = factory.SubFactory(ExhibitFactory)
    edition = factory.SubFactory(EditionFactory)
    order = factory.Sequence(lambda n: n)


def door_edition(*, capacity: int | None = None, **kwargs) -> Edition:
    """A published edition whose day is today in Seoul (the door admits its tickets now)."""
    from django.utils import timezone

    today = timezone.now().astimezone(SEOUL).date()
    return open_edition(capacity=capacity, date=today, **kwargs)
