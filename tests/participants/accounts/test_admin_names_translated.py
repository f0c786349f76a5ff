import pytest
from django.utils import translation

from participants.models import Rsvp, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", ("사용자 #7", "참가 신청 #9")), ("en", ("user #7", "RSVP #9"))],
)
def test_user_and_rsvp_names_in_admin_follow_the_language(language, expected):
    with translation.override(language):
        names = (str(User(pk=7)), str(Rsvp(pk=9)))

    assert names == expected


def test_admin_index_in_korean_names_allauth_and_sites_in_korean(client):
    # The admin is not under a language prefix, so it is always in the site's first language.
    client.force_login(User.objects.create_superuser("organiser@example.org", "x"))

    response = client.get("/admin/")

    names = {
        app["app_label"]: (app["name"], [model["name"] for model in app["models"]])
        for app in response.context["app_list"]
    }
    assert {label: names[label] for label in ("mfa", "account", "sites", "auth")} == {
        "mfa": ("2단계 인증", ["인증 수단"]),
        "account": ("계정", ["이메일 주소"]),
        "sites": ("사이트", ["사이트"]),
        "auth": ("인증 및 권한", ["그룹"]),
    }


def test_admin_authenticator_list_columns_in_korean(client):
    client.force_login(User.objects.create_superuser("organiser@example.org", "x"))

    response = client.get("/admin/mfa/authenticator/")

    headers = [str(header["text"]) for header in response.context["result_headers"]]
    assert headers[1:] == ["사용자", "종류", "생성 시각", "마지막 사용 시각"]
