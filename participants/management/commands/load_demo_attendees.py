from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from events.demo import upcoming_year
from events.models import Edition, ProgramItem
from participants.attendance.services import rsvp_create
from participants.models import Rsvp, User

DEMO_PASSWORD = "defectorsday2025"  # noqa: S105 - demo data, printed for the person running it
DOOR_GROUP = "입장 확인 담당"
DEMO_ATTENDEES = [
    ("attendee1@example.org", "김하나", "ko", 2, True, False),
    ("attendee2@example.org", "Emma Clarke", "en", 1, False, True),
    ("attendee3@example.org", "박서준", "ko", 3, False, False),
    ("attendee4@example.org", "이지원", "ko", 1, False, False),
]


class Command(BaseCommand):
    help = "Demo attendees, door staff and RSVPs on 2025 and the upcoming edition (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        door, _ = Group.objects.get_or_create(name=DOOR_GROUP)
        door.permissions.add(
            Permission.objects.get(codename="checkin_rsvp", content_type__app_label="participants")
        )
        staff = self._user("door@example.org", "입장 확인 담당자", "ko", is_staff=True)
        staff.groups.add(door)
        editions = list(Edition.objects.filter(year__in=(2025, upcoming_year())).order_by("year"))
        if not editions:
            self.stdout.write("No demo edition: created the door staff account only.")
            return
        created = 0
        for edition in editions:
            created += self._rsvps(edition)
        self.stdout.write(
            f"Demo attendees ready ({created} RSVPs created). Sign in as attendee1@example.org "
            f"or door@example.org (check-in) with the password {DEMO_PASSWORD}."
        )

    def _rsvps(self, edition: Edition) -> int:
        item = (
            ProgramItem.objects.filter(edition=edition, capacity__isnull=False)
            .order_by("starts_at")
            .first()
        )
        created = 0
        for email, name, language, party, wheelchair, sign in DEMO_ATTENDEES:
            user = self._user(email, name, language)
            for target in (None, item) if item else (None,):
                if Rsvp.objects.filter(
                    user=user, edition=edition, item=target, status__in=Rsvp.ACTIVE_STATUSES
                ).exists():
                    continue
                rsvp_create(
                    user=user,
                    edition=edition,
                    item=target,
                    party_size=min(party, edition.max_party_size),
                    needs_wheelchair=wheelchair,
                    needs_sign_language=sign,
                    enforce_window=False,
                )
                created += 1
        return created

    def _user(self, email: str, name: str, language: str, *, is_staff: bool = False) -> User:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"name": name, "preferred_language": language, "is_staff": is_staff},
        )
        if created:
            # Published demo passwords only on a developer's laptop (DEBUG).
            user.set_password(DEMO_PASSWORD if settings.DEBUG else None)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
