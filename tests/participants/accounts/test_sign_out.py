"""Sign out from the navigation of every page, for every signed-in user, in both languages."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAV_LINK = '<a class="nav-sign-out" href="{prefix}/accounts/logout/">{label}</a>'


@pytest.mark.parametrize(("prefix", "label"), [("", "로그아웃"), ("/en", "Sign out")])
@pytest.mark.parametrize("page", ["/about/", "/exhibits/", "/market/"])
def test_navigation_offers_sign_out_to_a_signed_in_attendee(client, prefix, label, page):
    client.force_login(UserFactory())

    content = client.get(f"{prefix}{page}").content.decode()

    assert NAV_LINK.format(prefix=prefix, label=label) in content


def test_navigation_offers_sign_out_to_staff_too(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    content = client.get("/about/").content.decode()

    assert NAV_LINK.format(prefix="", label="로그아웃") in content


def test_navigation_without_sign_in_has_no_sign_out(client):
    content = client.get("/about/").content.decode()

    assert "nav-sign-out" not in content
    assert '<a href="/accounts/login/">로그인</a>' in content


@pytest.mark.parametrize(
    ("prefix", "question", "button"),
    [
        ("", "로그아웃하시겠습니까?", "로그아웃"),
        ("/en", "Are you sure you want to sign out?", "Sign out"),
    ],
)
def test_sign_out_confirmation_page_in_site_layout(client, prefix, question, button):
    client.force_login(UserFactory())

    content = client.get(f"{prefix}/accounts/logout/").content.decode()

    assert f"<p>{question}</p>" in content
    assert f'<button type="submit">{button}</button>' in content
    assert 'class="site-header"' in content


def test_sign_out_confirmed_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_out_in_english_returns_to_the_english_home(client):
    client.force_login(UserFactory())
    form = client.get("/en/accounts/logout/").content.decode()
    assert '<input type="hidden" name="next" value="/en/">' in form

    response = client.post("/en/accounts/logout/", {"next": "/en/"})

    assert response["Location"] == "/en/"
