"""Load the demo: the 2024 and 2025 editions with their programmes, the upcoming edition (the
next 14 July, registration open) with its programme, performers of each visibility, and the demo
organiser's account. Safe to run again: it updates what it made.

Two performers write in English (their call-time reminders come in English); three have a photo
drawn at load time, two with consent to show it and one without.

At the end it runs the other apps' demo commands (load_demo_attendees, load_demo_exhibits,
load_demo_market) when they exist, so one command loads the whole demo.

It refuses production settings and DEBUG=False unless told --i-know-this-is-not-production;
outside DEBUG the organiser's account gets no usable password (set one with changepassword).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.demo import (
    CEREMONY_RUNNING_ORDER,
    EDITIONS,
    ENGLISH_SPEAKING,
    ORGANISER_EMAIL,
    ORGANISER_PASSWORD,
    OTHER_DEMO_COMMANDS,
    PERFORMERS,
    PHOTOS,
    PROGRAMME,
    RUNNING_ORDER_ITEMS,
    STAGES,
    UPCOMING_PROGRAMME,
    _at,
    draw_portrait,
    upcoming_edition_fields,
    upcoming_year,
)
from events.live.services import segments_save
from events.models import Edition, Performer, ProgramItem, Segment, Stage, defectors_day
from events.services import (
    AppearanceData,
    edition_save,
    performer_save,
    program_item_save,
    stage_save,
)


class Command(BaseCommand):
    help = "Load (or refresh) the demo editions, programme, performers and organiser account."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Run although DEBUG is off (a staging copy). Never on the live site.",
        )

    def handle(self, *args, not_production: bool = False, **options) -> None:
        production = str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production")
        if (production or not settings.DEBUG) and not not_production:
            raise CommandError(
                "load_demo writes demo people and accounts. It runs only with DEBUG on; on a "
                "staging copy add --i-know-this-is-not-production."
            )
        self._load()

    @transaction.atomic
    def _load(self) -> None:
        performers = self._performers()
        upcoming = upcoming_year()
        editions = {**EDITIONS, upcoming: upcoming_edition_fields(upcoming)}
        programmes = {**PROGRAMME, upcoming: UPCOMING_PROGRAMME}
        for year, fields in editions.items():
            edition = Edition.objects.filter(year=year).first() or Edition(year=year)
            for name, value in fields.items():
                setattr(edition, name, value)
            edition.date = defectors_day(year)
            edition.is_published = True
            edition_save(edition=edition)
            stages = self._stages(edition)
            self._programme(edition, stages, performers, programmes[year])
        self._organiser()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo programme loaded: {Edition.objects.count()} editions, "
                f"{ProgramItem.objects.count()} items, {Performer.objects.count()} performers."
            )
        )
        transaction.on_commit(self._others)

    def _others(self) -> None:
        available = get_commands()
        for name in OTHER_DEMO_COMMANDS:
            if name in available:
                call_command(name, stdout=self.stdout, stderr=self.stderr)

    def _performers(self) -> dict[str, Performer]:
        result = {}
        for key, kind, name, visibility, published, bio_ko, bio_en, legal in PERFORMERS:
            performer = Performer.objects.filter(display_name=name).first() or Performer()
            performer.kind, performer.display_name, performer.visibility = kind, name, visibility
            performer.bio_ko, performer.bio_en = bio_ko, bio_en
            performer.legal_name = legal
            performer.contact_email = f"{key}@performers.example.org"
            performer.preferred_language = "en" if key in ENGLISH_SPEAKING else "ko"
            performer.is_published = published
            if key in PHOTOS:
                performer.photo_consent = PHOTOS[key]
                if not performer.photo:
                    performer.photo = ContentFile(draw_portrait(key), name="portrait.png")
            result[key] = performer_save(performer=performer)
        return result

    def _stages(self, edition: Edition) -> dict[str, Stage]:
        result = {}
        for order, (key, name_ko, name_en, kind, capacity, access_ko, access_en) in enumerate(
            STAGES, start=1
        ):
            stage = edition.stages.filter(name_ko=name_ko).first() or Stage(edition=edition)
            stage.name_ko, stage.name_en, stage.kind = name_ko, name_en, kind
            stage.capacity, stage.order = capacity, order
            stage.accessibility_notes_ko, stage.accessibility_notes_en = access_ko, access_en
            result[key] = stage_save(stage=stage)
        return result

    def _programme(self, edition, stages, performers, rows) -> None:
        for row in rows:
            stage, kind, start, end, title_ko, title_en, desc_ko, desc_en, seats, pub, cast = row
            item = edition.items.filter(title_ko=title_ko).first() or ProgramItem(edition=edition)
            item.stage, item.kind = stages[stage], kind
            item.title_ko, item.title_en = title_ko, title_en
            item.description_ko, item.description_en = desc_ko, desc_en
            item.starts_at, item.ends_at = _at(edition.date, start), _at(edition.date, end)
            item.capacity, item.is_published = seats, pub
            program_item_save(
                item=item,
                appearances=[
                    AppearanceData(
                        performer=performers[key],
                        role_ko=role_ko,
                        role_en=role_en,
                        order=order,
                        call_time=item.starts_at - dt.timedelta(hours=1),
                    )
                    for order, (key, role_ko, role_en) in enumerate(cast, start=1)
                ],
            )
            if title_ko in RUNNING_ORDER_ITEMS:
                self._running_order(item, performers)

    def _running_order(self, item: ProgramItem, performers: dict[str, Performer]) -> None:
        """The ceremony's 식순, rewritten on every load (the demo's segments are its own)."""
        segments = [
            Segment(
                order=order * 10,
                kind=kind,
                duration_minutes=minutes,
                title_ko=title_ko,
                title_en=title_en,
                performer=performers[key] if key else None,
                responsible=responsible,
                mc_script_ko=script_ko,
                mc_script_en=script_en,
                cue_microphones=microphones,
                cue_music=music,
                cue_lighting=lighting,
                cue_screen=screen,
                sign_language=sign,
            )
            for order, (
                kind,
                minutes,
                title_ko,
                title_en,
                key,
                responsible,
                script_ko,
                script_en,
                microphones,
                music,
                lighting,
                screen,
                sign,
            ) in enumerate(CEREMONY_RUNNING_ORDER, start=1)
        ]
        segments_save(item=item, segments=segments, deleted=list(item.segments.all()))

    def _organiser(self) -> None:
        User = get_user_model()
        user = User.objects.filter(email=ORGANISER_EMAIL).first()
        if user is None:
            user = User.objects.create_superuser(email=ORGANISER_EMAIL, password=None)
        user.is_staff = user.is_superuser = user.is_active = True
        # A superuser with a published password only on a developer's laptop.
        if settings.DEBUG:
            user.set_password(ORGANISER_PASSWORD)
        else:
            user.set_unusable_password()
            self.stdout.write(
                f"{ORGANISER_EMAIL} has no password: set one with "
                f"`manage.py changepassword {ORGANISER_EMAIL}`."
            )
        if hasattr(user, "name") and not user.name:
            user.name = "행사 운영진"
        user.save()
        # allauth requires a verified address before it lets anyone sign in on the site.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=ORGANISER_EMAIL, defaults={"verified": True, "primary": True}
        )
