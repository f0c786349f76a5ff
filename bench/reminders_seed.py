"""Due announcement reminders for the reminder benchmarks (reminders_throughput.py and
reminders_smtp.py), in an edition of their own so that ``cleanup`` removes exactly them.
Import after ``django.setup()``."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.models import Edition
from participants.models import Announcement, Reminder, User


def cleanup(*, year: int, email_domain: str) -> None:
    Reminder.objects.filter(edition__year=year).delete()
    Announcement.objects.filter(edition__year=year).delete()
    Edition.objects.filter(year=year).delete()
    User.objects.filter(email__endswith=f"@{email_domain}").delete()


def make_due_reminders(count: int, *, year: int, email_domain: str, label: str) -> list[int]:
    """``count`` announcement reminders due a minute ago (a third in English, the rest in
    Korean), one per new user ``<label><n>@<email_domain>``; returns their ids."""
    edition, _created = Edition.objects.get_or_create(
        year=year,
        defaults={"title_ko": "벤치마크", "title_en": "Benchmark", "venue_ko": "서울",
                  "venue_en": "Seoul"},
    )  # fmt: skip
    announcement = Announcement.objects.create(
        edition=edition,
        subject_ko="안내 말씀",
        subject_en="A notice",
        body_ko="행사장 입구가 바뀌었습니다.",
        body_en="The entrance has moved.",
        status=Announcement.Status.QUEUED_ALL,
    )
    users = User.objects.bulk_create(
        (
            User(email=f"{label}{n}@{email_domain}", preferred_language="ko" if n % 3 else "en")
            for n in range(count)
        ),
        batch_size=2000,
    )
    due_at = timezone.now() - dt.timedelta(minutes=1)
    announcement_type = ContentType.objects.get_for_model(Announcement)
    reminders = Reminder.objects.bulk_create(
        (
            Reminder(
                kind=Reminder.Kind.ANNOUNCEMENT,
                key=f"{label}:{announcement.pk}:{user.pk}",
                recipient=user,
                language=user.preferred_language,
                edition=edition,
                subject_type=announcement_type,
                subject_id=announcement.pk,
                due_at=due_at,
            )
            for user in users
        ),
        batch_size=2000,
    )
    return [reminder.pk for reminder in reminders]
