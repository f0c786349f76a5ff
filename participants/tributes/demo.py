"""Demo tributes (load_demo): written by the demo attendees under pseudonyms or anonymously,
most published, two waiting (one flagged for a name and a town, to try two-person clearance)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from events.models import Edition
from participants.models import User
from participants.tributes.models import Tribute
from participants.tributes.services.flags import tribute_flags

DEMO_TRIBUTES = [
    # (writer, language, addressee, signature kind, pseudonym, province, text, published)
    (
        "attendee1@example.org",
        "ko",
        "어머니께",
        "pseudonym",
        "봄비",
        "north_hamgyong",
        "어머니, 강을 건너던 밤을 잊지 않았습니다.\n"
        "따뜻한 밥 한 끼 같이 먹는 날이 오기를 기다립니다.",
        True,
    ),
    (
        "attendee3@example.org",
        "ko",
        "두만강을 건너신 분들께",
        "anonymous",
        "",
        "ryanggang",
        "끝내 건너오지 못한 분들을 기억합니다.\n그 길 위에서 잃은 이름들을 잊지 않겠습니다.",
        True,
    ),
    (
        "attendee2@example.org",
        "en",
        "To the friends who helped us",
        "pseudonym",
        "E.",
        "",
        "Thank you for every door you opened when we had nowhere to go.",
        True,
    ),
    (
        "attendee4@example.org",
        "ko",
        "하나원에서 만난 선생님들께",
        "pseudonym",
        "새봄",
        "",
        "처음 한국에 와서 두려웠을 때 손을 잡아 주셔서 고맙습니다.",
        True,
    ),
    (
        "attendee1@example.org",
        "ko",
        "동생에게",
        "anonymous",
        "",
        "north_hamgyong",
        "회령에 있는 김영철 동무에게 꼭 전하고 싶은 말이 있습니다.",
        False,
    ),
    (
        "attendee3@example.org",
        "ko",
        "아버지께",
        "pseudonym",
        "들꽃",
        "",
        "아버지, 올해도 7월이 왔습니다. 건강하시기만 바랍니다.",
        False,
    ),
]


@transaction.atomic
def load_demo_tributes() -> dict[str, int]:
    # Moderators: the demo organiser's group gets the permission to try the queue.
    moderators, _ = Group.objects.get_or_create(name="Tribute moderators")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="participants",
            codename__in=["moderate_tribute", "view_tribute", "export_tribute_book"],
        )
    )
    edition = Edition.objects.filter(is_published=True).order_by("-year").first()
    if edition is None:
        return {"published": 0, "waiting": 0}
    counts = {"published": 0, "waiting": 0}
    now = timezone.now()
    for email, language, addressee, kind, pseudonym, province, text, published in DEMO_TRIBUTES:
        author = User.objects.filter(email=email).first()
        if author is None:
            continue
        flags, terms = tribute_flags(text, addressee=addressee, pseudonym=pseudonym)
        Tribute.objects.update_or_create(
            author=author,
            edition=edition,
            addressee=addressee,
            defaults={
                "text": text,
                "language": language,
                "signature_kind": kind,
                "pseudonym": pseudonym,
                "signature": pseudonym,
                "province": province,
                "consent_web": True,
                "consent_screen": True,
                "consent_book": published,
                "status": "approved" if published else "pending",
                "published_at": now if published else None,
                "flags": flags,
                "flagged_terms": terms,
            },
        )
        counts["published" if published else "waiting"] += 1
    return counts
