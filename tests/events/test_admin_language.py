"""No English on Korean admin screens: every registered model's list, add and change pages, the
permission pickers, the audit log, Django's own admin phrases and the change list's count."""

import contextlib
import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse

from events.common.exports import audit_log
from events.common.permissions import permission_label
from events.models import AuditEntry
from participants.models import Rsvp
from tests.factories import (
    ExhibitFactory,
    LenderFactory,
    PermitFactory,
    RsvpFactory,
    UserFactory,
    approved_application,
)

pytestmark = pytest.mark.django_db

# Words that are the same in Korean writing: file formats, units, keys and the like.
ALLOWED = {"CSV", "XLSX", "PDF", "JPEG", "PNG", "WebP", "HEIC", "UTF", "BOM", "MB", "QR"}
ALLOWED |= {"TOTP", "Ctrl", "Mac", "Command", "DD", "email", "name", "party_size", "language"}
# allauth's two-step sign-in form holds JSON ("null") in a text box, not words.
SKIPPED = {"/admin/mfa/authenticator/add/"}


def _visible_words(content: str) -> set[str]:
    content = re.sub(r"<(script|style|svg|textarea)[^>]*>.*?</\1>", " ", content, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", content))
    return set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - ALLOWED


@pytest.fixture
def superuser_client(client):
    client.force_login(
        UserFactory(is_staff=True, is_superuser=True, email="kim@example.org", name="김운영")
    )
    return client


def _admin_pages() -> list[str]:
    pages = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return [page for page in pages if page not in SKIPPED]


def test_admin_pages_in_korean_show_no_english_words(superuser_client):
    person = UserFactory(name="박하나", email="park@example.org")
    RsvpFactory(user=person)
    approved_application()
    PermitFactory()
    lender = LenderFactory(display_name="소장자 갑", legal_name="홍길동")
    ExhibitFactory(lender=lender, title_en="", description_en="", story_en="")

    # Data, not interface: addresses, the factories' user names ("Person 3"), ticket codes.
    data = {"example", "org", "kim", "park", "Person"}
    data |= {
        word for rsvp in Rsvp.objects.all() for word in re.findall(r"[A-Za-z]+", rsvp.ticket_code)
    }
    english = {}
    scanned = 0
    for page in _admin_pages():
        response = superuser_client.get(page)
        if response.status_code == 200:
            scanned += 1
            words = _visible_words(response.content.decode()) - data
            if words:
                english[page] = sorted(words)

    assert english == {}
    assert scanned >= 40  # the lists, add and change pages of every registered model


def test_permission_label_translates_default_and_custom_permissions():
    view_rsvp = Permission.objects.get(codename="view_rsvp")
    export_rsvp = Permission.objects.get(codename="export_rsvp")

    assert view_rsvp.name == "Can view RSVP"  # as Django stored it
    assert permission_label(view_rsvp) == "참가자 | 참가 신청 조회"
    assert permission_label(export_rsvp) == "참가자 | 참가 신청을 내보낼 수 있음"


def test_group_page_lists_permissions_in_korean(superuser_client):
    group = Group.objects.create(name="입장 확인 담당")

    content = superuser_client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()

    assert "참가자 | 참가 신청 추가</option>" in content
    assert "Can add" not in content


def test_user_page_lists_permissions_in_korean(superuser_client):
    user = UserFactory(name="박하나")

    content = superuser_client.get(f"/admin/participants/user/{user.pk}/change/").content.decode()

    assert "참가자 | 참가 신청 수정</option>" in content
    assert "Can change" not in content


def test_audit_log_names_models_not_labels(superuser_client):
    audit_log(user=None, action=AuditEntry.Action.EXPORT, target="participants.Rsvp", row_count=3)
    audit_log(user=None, action=AuditEntry.Action.OTHER, target="a named list")

    content = superuser_client.get("/admin/events/auditentry/").content.decode()

    assert '<td class="field-target_display">참가 신청</td>' in content
    assert '<td class="field-target_display">a named list</td>' in content
    assert "participants.Rsvp</td>" not in content
    assert "?target=participants.Rsvp" in content  # the filter keeps the label as its value


def test_admin_delete_action_and_count_read_naturally(superuser_client):
    RsvpFactory()
    RsvpFactory()

    content = superuser_client.get("/admin/participants/rsvp/").content.decode()

    assert ">선택한 참가 신청 삭제</option>" in content
    assert "을/를" not in content
    assert "참가 신청 2건" in content
    assert "액션" not in content
