import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.test import override_settings

from events.common.site import site_sync
from events.models import Edition
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://defectorsday.example.org")
def test_site_sync_takes_the_domain_from_site_url():
    site_sync(using="default")

    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("defectorsday.example.org", "북한이탈주민의 날")


@override_settings(SITE_URL="http://127.0.0.1:8180")
def test_admin_view_on_site_goes_to_this_site_not_example_com(client):
    site_sync(using="default")
    edition = EditionFactory(year=2027)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    content_type = ContentType.objects.get_for_model(Edition)

    response = client.get(f"/admin/r/{content_type.pk}/{edition.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "http://127.0.0.1:8180/2027/"


def test_read_only_admin_list_title_is_proper_korean(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    content = client.get("/admin/events/auditentry/").content.decode()

    assert "<title>열람할 감사 기록 선택 |" in content
    assert "보기위한" not in content
