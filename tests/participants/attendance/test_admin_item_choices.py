import re

import pytest

from tests.factories import EditionFactory, ProgramItemFactory, UserFactory, seoul

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/admin/participants/announcement/add/", "/admin/participants/rsvp/add/"]
)
def test_item_choices_name_their_year_and_time_newest_first(client, url):
    old, new = EditionFactory(year=2025), EditionFactory(year=2027)
    ProgramItemFactory(edition=old, title_ko="추모식", starts_at=seoul(old, 10))
    ProgramItemFactory(edition=new, title_ko="추모식", starts_at=seoul(new, 10, 30))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    content = client.get(url).content.decode()

    select = re.search(r'<select name="item"[^>]*>(.*?)</select>', content, re.S).group(1)
    labels = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)
    assert labels == ["2027 · 오전 10:30 추모식", "2025 · 오전 10:00 추모식"]
