import pytest
from django.contrib.auth.models import Permission

from participants.tributes.models import Tribute
from tests.factories import EditionFactory, UserFactory


@pytest.fixture
def edition(db):
    return EditionFactory(year=2027)


@pytest.fixture
def writer(db):
    return UserFactory(email="writer@example.org", name="법적 이름", preferred_language="ko")


def make_moderator(email: str):
    user = UserFactory(email=email, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_tribute"),
        Permission.objects.get(codename="view_tribute"),
    )
    return type(user).objects.get(pk=user.pk)  # a fresh object: no stale permission cache


@pytest.fixture
def moderator(db):
    return make_moderator("moderator1@example.org")


@pytest.fixture
def second_moderator(db):
    return make_moderator("moderator2@example.org")


def tribute_fields(**overrides):
    fields = {
        "text": "어머니, 보고 싶습니다. 두만강을 건너던 밤을 잊지 않겠습니다.",
        "language": "ko",
        "addressee": "어머니께",
        "signature_kind": Tribute.Signature.PSEUDONYM,
        "pseudonym": "봄비",
        "province": "north_hamgyong",
        "consent_web": True,
        "consent_screen": True,
        "consent_book": True,
    }
    fields.update(overrides)
    return fields
