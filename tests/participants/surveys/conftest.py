import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from events.models import SEOUL
from participants.models import Rsvp
from participants.surveys.models import Survey, SurveyChoice, SurveyQuestion
from tests.factories import EditionFactory, RsvpFactory, UserFactory

# The 2025 edition is on 14 July 2025: invitations at 10:00 Korea time on the 15th.
SEND_AT = dt.datetime(2025, 7, 15, 10, tzinfo=SEOUL)
BEFORE = dt.datetime(2025, 7, 14, 20, tzinfo=SEOUL)
DURING = dt.datetime(2025, 7, 16, 12, tzinfo=SEOUL)


@pytest.fixture
def edition(db):
    return EditionFactory(year=2025)


def build_survey(edition, **fields) -> Survey:
    survey = Survey.objects.create(
        edition=edition,
        title_ko="행사 후 설문",
        title_en="After the day",
        intro_ko="몇 가지만 여쭙겠습니다.",
        intro_en="A few questions.",
        **fields,
    )
    SurveyQuestion.objects.create(
        survey=survey,
        position=1,
        kind="rating",
        text_ko="행사는 어떠셨나요?",
        text_en="How was the day?",
        required=True,
    )
    single = SurveyQuestion.objects.create(
        survey=survey,
        position=2,
        kind="single",
        text_ko="어떻게 알게 되셨나요?",
        text_en="How did you hear of it?",
    )
    SurveyChoice.objects.create(question=single, position=1, text_ko="지인", text_en="A friend")
    SurveyChoice.objects.create(question=single, position=2, text_ko="신문", text_en="Newspaper")
    multiple = SurveyQuestion.objects.create(
        survey=survey,
        position=3,
        kind="multiple",
        text_ko="좋았던 순서는?",
        text_en="What did you like?",
    )
    SurveyChoice.objects.create(question=multiple, position=1, text_ko="추모식", text_en="Memorial")
    SurveyChoice.objects.create(question=multiple, position=2, text_ko="공연", text_en="Concert")
    SurveyChoice.objects.create(question=multiple, position=3, text_ko="장터", text_en="Market")
    SurveyQuestion.objects.create(
        survey=survey,
        position=4,
        kind="text",
        text_ko="하고 싶은 말씀",
        text_en="Anything else?",
    )
    return survey


@pytest.fixture
def survey(edition):
    return build_survey(edition)


@pytest.fixture
def open_survey(edition):
    """Invitations sent, open until the far future (views read the clock)."""
    return build_survey(
        edition,
        status=Survey.Status.INVITED,
        send_at=SEND_AT,
        closes_at=dt.datetime(2099, 1, 1, tzinfo=SEOUL),
        invited_count=3,
    )


@pytest.fixture
def attendee(edition):
    user = UserFactory(email="attendee@example.org", preferred_language="ko")
    RsvpFactory(edition=edition, user=user, status=Rsvp.Status.CHECKED_IN)
    return user


def question(survey, kind: str) -> SurveyQuestion:
    return survey.questions.get(kind=kind)


def answers_for(survey, *, rating=4, single=0, multiple=(0, 2), text="좋았습니다") -> dict:
    """Valid answers keyed as the service takes them; choice arguments are positions (0-based)."""
    single_q, multiple_q = question(survey, "single"), question(survey, "multiple")
    single_choices = list(single_q.choices.all())
    multiple_choices = list(multiple_q.choices.all())
    return {
        f"question_{question(survey, 'rating').pk}": rating,
        f"question_{single_q.pk}": str(single_choices[single].pk),
        f"question_{multiple_q.pk}": [str(multiple_choices[i].pk) for i in multiple],
        f"question_{question(survey, 'text').pk}": text,
    }


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)
