import pytest
from django.utils import translation

from participants.models import Rsvp, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", ("사용자 #7", "참가 예약 #9")), ("en", ("user #7", "RSVP #9"))],
)
def test_user_and_rsvp_names_in_admin_follow_the_language(language, expected):
    with translation.override(language):
        names = (str(User(pk=7)), str(Rsvp(pk=9)))

    assert names == expected
