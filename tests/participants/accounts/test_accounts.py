import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail

from participants.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


PASSWORD = "a long and unusual passphrase 7"


def sign_up(client, prefix="", **data):
    return client.post(
        f"{prefix}/accounts/signup/",
        {
            "email": "new.person@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "name": "New Person",
            "preferred_language": "en",
            **data,
        },
    )


def verified_user(email="known@example.org", language="ko"):
    user = UserFactory(email=email, preferred_language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_signup_page_is_in_the_site_layout_with_language_choice(client):
    response = client.get("/en/accounts/signup/")

    content = response.content.decode()
    assert 'class="site-header"' in content
    assert 'name="preferred_language"' in content
    assert '<option value="en" selected>' in content
    assert "Create an account" in content


@pytest.mark.parametrize(("prefix", "optional"), [("", "(선택)"), ("/en", "(optional)")])
def test_signup_marks_the_password_optional_and_nothing_else(client, prefix, optional):
    # A person without a password signs in with an emailed code: the form must say so.
    content = client.get(f"{prefix}/accounts/signup/").content.decode()

    labels = re.findall(r'<label for="id_(\w+)">(.*?)</label>', content)
    assert [name for name, text in labels if optional in text] == ["password1"]


def test_signup_korean_page_defaults_to_korean_emails(client):
    response = client.get("/accounts/signup/")

    assert '<option value="ko" selected>' in response.content.decode()


def test_signup_stores_language_and_name_and_mails_in_that_language(client):
    response = sign_up(client, prefix="", preferred_language="en")  # a Korean page

    user = User.objects.get(email="new.person@example.org")
    assert response.status_code == 302
    assert (user.name, user.preferred_language) == ("New Person", "en")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Please Confirm Your Email Address"
    assert mail.outbox[0].to == ["new.person@example.org"]
    body = mail.outbox[0].body
    assert body.startswith("Hello from North Korean Defectors' Day!")
    assert "because New Person gave this address to create an account" in body
    assert "example.com" not in body


def test_signup_korean_speaker_gets_korean_email_from_english_page(client):
    sign_up(client, prefix="/en", preferred_language="ko")

    assert mail.outbox[0].subject == "이메일 주소를 확인해 주세요"
    assert mail.outbox[0].body.startswith("안녕하세요. 북한이탈주민의 날에서 알려 드립니다.\n")
    assert mail.outbox[0].body.endswith("감사합니다.\n북한이탈주민의 날 드림\n127.0.0.1:8000")


@pytest.mark.parametrize(
    ("language", "sender"),
    [
        ("en", "North Korean Defectors' Day <noreply@defectorsday.example.org>"),
        ("ko", "북한이탈주민의 날 <noreply@defectorsday.example.org>"),
    ],
)
def test_signup_email_comes_from_the_name_in_the_recipients_language(
    client, settings, language, sender
):
    settings.DEFAULT_FROM_EMAIL = "북한이탈주민의 날 <noreply@defectorsday.example.org>"

    sign_up(client, prefix="", preferred_language=language)  # a Korean page

    assert mail.outbox[0].from_email == sender


def test_signup_korean_email_has_the_link_on_a_line_of_its_own(client):
    sign_up(client, prefix="", preferred_language="ko")

    lines = mail.outbox[0].body.splitlines()
    links = [line for line in lines if "/accounts/confirm-email/" in line]

    assert len(links) == 1
    assert re.fullmatch(r"http://[^\s]+/accounts/confirm-email/[-:\w]+/", links[0])
    assert "이 주소가 본인의 것인지 확인하려면 아래 링크를 여세요." in lines


def test_signup_requires_verification_before_login(client):
    sign_up(client, prefix="/en")

    response = client.post(
        "/en/accounts/login/", {"login": "new.person@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_signup_then_verify_by_link_logs_in(client):
    sign_up(client, prefix="/en")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    client.post(link.split("testserver", 1)[-1])

    user = User.objects.get(email="new.person@example.org")
    assert EmailAddress.objects.get(user=user).verified is True
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_existing_email_does_not_reveal_the_account(client):
    verified_user("taken@example.org", language="en")

    response = sign_up(client, prefix="/en", email="taken@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert mail.outbox[0].to == ["taken@example.org"]


def test_password_reset_mails_in_the_users_language(client):
    verified_user("known@example.org", language="en")

    response = client.post("/accounts/password/reset/", {"email": "known@example.org"})

    assert response.status_code == 302
    assert mail.outbox[0].subject == "Password Reset Email"


def test_password_reset_unknown_email_looks_the_same(client):
    known = client.post("/en/accounts/password/reset/", {"email": "x@example.org"})
    verified_user("known@example.org")
    unknown = client.post("/en/accounts/password/reset/", {"email": "known@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_login_korean_success_message_reads_naturally(client):
    user = verified_user("known@example.org")
    User.objects.filter(pk=user.pk).update(name="김하나")

    response = client.post(
        "/accounts/login/",
        {"login": "known@example.org", "password": "correct horse battery"},
    )

    assert _messages(response) == ["김하나 님으로 로그인했습니다."]


def test_logout_korean_message_reads_naturally(client):
    client.force_login(verified_user("known@example.org"))

    response = client.post("/accounts/logout/")

    assert _messages(response) == ["로그아웃했습니다."]


def test_login_korean_page_offers_to_stay_signed_in_not_to_save_a_user_name(client):
    content = client.get("/accounts/login/").content.decode()

    assert "로그인 상태 유지" in content
    assert "아이디 저장" not in content


def test_password_reset_korean_email_reads_naturally(client):
    verified_user("known@example.org", language="ko")

    client.post("/accounts/password/reset/", {"email": "known@example.org"})

    [message] = mail.outbox
    assert message.subject == "비밀번호 재설정 안내"
    assert (
        "회원님 또는 다른 누군가가 이 계정의 비밀번호 재설정을 요청해서 이 메일을 보내 드립니다.\n"
        "요청하지 않으셨다면 이 메일은 무시하셔도 됩니다. "
        "아래 링크를 열어 비밀번호를 다시 설정하세요."
    ) in message.body


def test_login_rate_limit_blocks_repeated_failures(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    verified_user("known@example.org")

    for _ in range(3):
        client.post("/en/accounts/login/", {"login": "known@example.org", "password": "wrong"})
    blocked = client.post(
        "/en/accounts/login/",
        {"login": "known@example.org", "password": "correct horse battery"},
    )

    assert "Too many failed login attempts. Try again later." in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_without_rate_limit_succeeds_after_failures(client):
    verified_user("known@example.org")
    for _ in range(3):
        client.post("/en/accounts/login/", {"login": "known@example.org", "password": "wrong"})

    response = client.post(
        "/en/accounts/login/",
        {"login": "known@example.org", "password": "correct horse battery"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/me/"


def test_signup_rate_limit_blocks_after_the_limit(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/h/ip"}

    first = sign_up(client, prefix="/en", email="a@example.org")
    second = sign_up(client, prefix="/en", email="b@example.org")
    third = sign_up(client, prefix="/en", email="c@example.org")

    assert (first.status_code, second.status_code, third.status_code) == (302, 302, 429)
    assert set(User.objects.values_list("email", flat=True)) == {"a@example.org", "b@example.org"}


def test_staff_with_authenticator_must_enter_a_code_after_the_password(client):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    staff = verified_user("staff@example.org", language="en")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    step_one = client.post(
        "/en/accounts/login/", {"login": "staff@example.org", "password": "correct horse battery"}
    )
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    counter = next(iter(yield_hotp_counters_from_time()))
    right = client.post(
        "/en/accounts/2fa/authenticate/", {"code": format_hotp_value(hotp_value(secret, counter))}
    )

    assert step_one["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in wrong.wsgi_request.session
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_me_offers_two_step_sign_in_to_staff_only(client):
    member = UserFactory()
    staff = UserFactory(is_staff=True)

    client.force_login(member)
    for_member = client.get("/en/me/").content.decode()
    client.force_login(staff)
    for_staff = client.get("/en/me/").content.decode()

    assert "/en/accounts/2fa/" not in for_member
    assert 'href="/en/accounts/2fa/"' in for_staff


@pytest.mark.parametrize(
    "path", ["/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"]
)
def test_account_management_pages_use_the_site_layout(client, path):
    client.force_login(verified_user())

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in content
    assert '<main id="main"' in content
