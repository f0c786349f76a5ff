"""Unicode confusables in the names people choose (events/common/names.py): a name that could pass
for another one (a Cyrillic letter in "Kim", a zero-width joiner, a right-to-left override, Greek
capitals that read as Latin) is refused with a translated error through the real forms and the
performer import, and nothing is saved; fullwidth letters are normalised; Korean names, alone or
beside Latin letters and digits, pass as they are."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.common.names import clean_public_name, name_skeleton
from events.models import Performer
from exhibits.models import Lender
from participants.models import User, Vendor
from participants.tributes.services import tribute_validate
from tests.bad_input.conftest import TRIBUTE_FORM, logged_in, snapshot, tribute_writer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CYRILLIC_I = "\u0456"  # looks like Latin "i"
CYRILLIC_A = "\u0430"  # looks like Latin "a"
ZWJ = "\u200d"
RLO = "\u202e"
GREEK_KIM = "\u039a\u0399\u039c"  # kappa, iota, mu: reads "KIM"
FULLWIDTH_KIM = "\uff2b\uff49\uff4d"

MIXED_KO = (
    "이 이름은 라틴 문자와 닮은 키릴 문자나 그리스 문자를 섞어 씁니다. 한 가지 문자로 써 주세요."
)
INVISIBLE = (
    "The name holds an invisible character or one that changes the writing direction. "
    "Please type it again."
)
INVISIBLE_KO = "이름에 보이지 않는 문자나 글 방향을 바꾸는 문자가 있습니다. 다시 입력해 주세요."
WHOLE_SCRIPT_KO = (
    "이 이름은 라틴 문자와 똑같아 보이는 키릴 문자나 그리스 문자로만 되어 있습니다. "
    "라틴 문자나 한글로 써 주세요."
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (f"K{CYRILLIC_I}m", "mixed_script"),
        (f"P{CYRILLIC_A}rk Jisoo", "mixed_script"),
        ("Kim \u0399", "mixed_script"),
        (f"Kim{ZWJ}", "invisible"),
        (f"김{ZWJ}철수", "invisible"),
        (f"{RLO}miK", "invisible"),
        ("Kim\u200b", "invisible"),
        ("Kim\u200f", "invisible"),
        ("\u3164", "invisible"),
        ("Kim\ufe0f", "invisible"),
        ("Kim\U000e0041", "invisible"),
        ("Ki\u0301\u0302\u0303\u0304m", "marks"),
        (GREEK_KIM, "whole_script_confusable"),
        ("\u0412\u0410\u0421\u0410", "whole_script_confusable"),
        ("Kim\r\nBcc: x@example.org", "not_single_line"),
    ],
)
def test_clean_public_name_refuses_a_name_that_could_impersonate(name, code):
    with pytest.raises(ValidationError) as error:
        clean_public_name(name)

    assert [e.code for e in error.value.error_list] == [code]


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("김 Kim", "김 Kim"),
        ("평양냉면 Pyongyang", "평양냉면 Pyongyang"),
        ("김철수", "김철수"),
        ("봄비 2", "봄비 2"),
        ("Café Noël", "Café Noël"),
        ("北韓 Kim", "北韓 Kim"),
        ("\u0418\u0432\u0430\u043d", "\u0418\u0432\u0430\u043d"),  # "Ivan" in Cyrillic
        (FULLWIDTH_KIM, "Kim"),
        ("  김\u3000\u3000Kim  ", "김 Kim"),
        ("\u1100\u1175\u11b7", "김"),  # conjoining jamo are composed
    ],
)
def test_clean_public_name_passes_and_normalises_honest_names(name, cleaned):
    assert clean_public_name(name) == cleaned


def test_name_skeleton_reads_lookalikes_as_latin():
    assert name_skeleton(f"K{CYRILLIC_I}m") == "kim"
    assert name_skeleton("\u03a1\u0391\u039a") == "pak"  # Greek rho, alpha, kappa
    assert name_skeleton("Kim") == "kim"
    assert name_skeleton("김 Kim") == "김 kim"


def _signup(client, name: str):
    return client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.org",
            "password1": "a long and unusual passphrase 7",
            "password2": "a long and unusual passphrase 7",
            "name": name,
            "preferred_language": "ko",
        },
    )


def test_signup_with_a_cyrillic_letter_in_the_name_is_refused_in_korean(client):
    before = snapshot()

    response = _signup(client, f"K{CYRILLIC_I}m")

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MIXED_KO]
    assert MIXED_KO in response.content.decode()
    assert snapshot() == before


def test_signup_with_fullwidth_letters_keeps_the_plain_name(client):
    response = _signup(client, f"김 {FULLWIDTH_KIM}")

    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.org").name == "김 Kim"


def test_signup_with_a_korean_and_latin_name_passes(client):
    response = _signup(client, "평양냉면 Pyongyang")

    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.org").name == "평양냉면 Pyongyang"


@pytest.mark.parametrize("name", [f"회령{ZWJ}옷가게", f"{RLO}gnoyreoH", f"H{CYRILLIC_A}ppy"])
def test_vendor_trading_name_that_could_impersonate_is_refused_in_korean(name):
    client = logged_in(UserFactory(), csrf_checks=False)
    before = snapshot()

    response = client.post(
        "/vendor/profile/",
        {"display_name_ko": name, "display_name_en": name, "visibility": "pseudonym"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    expected = MIXED_KO if CYRILLIC_A in name else INVISIBLE_KO
    assert (errors["display_name_ko"], errors["display_name_en"]) == ([expected], [expected])
    assert snapshot() == before


def test_vendor_trading_name_in_fullwidth_letters_is_saved_plain():
    owner = UserFactory()
    client = logged_in(owner, csrf_checks=False)

    response = client.post(
        "/vendor/profile/",
        {
            "display_name_ko": "평양냉면 Pyongyang",
            "display_name_en": f"{FULLWIDTH_KIM}'s Noodles",
            "visibility": "pseudonym",
        },
    )

    assert response.status_code == 302
    vendor = Vendor.objects.get(owner=owner)
    assert (vendor.display_name_ko, vendor.display_name_en) == (
        "평양냉면 Pyongyang",
        "Kim's Noodles",
    )


def test_tribute_pseudonym_with_a_right_to_left_override_is_refused():
    with pytest.raises(ValidationError) as error:
        tribute_validate(
            author=UserFactory(),
            fields={
                "text": "어머니, 보고 싶습니다.",
                "signature_kind": "pseudonym",
                "pseudonym": f"{RLO}miK",
            },
        )

    assert "pseudonym" in error.value.message_dict


def test_tribute_pseudonym_with_a_greek_lookalike_is_refused_on_the_form():
    client = tribute_writer()
    before = snapshot()

    response = client.post("/remember/write/", {**TRIBUTE_FORM, "pseudonym": GREEK_KIM})

    assert response.status_code == 200
    assert response.context["form"].errors["pseudonym"] == [WHOLE_SCRIPT_KO]
    assert snapshot() == before


PERFORMER_HEADER = "id,kind,display_name,visibility,bio_ko,bio_en,photo_consent,is_published"


def _import_performers(client, data: bytes):
    from django.urls import reverse

    upload = io.BytesIO(data)
    upload.name = "performers.csv"
    preview = client.post(
        reverse("admin:events_performer_import"), {"format": 0, "import_file": upload}
    )
    confirm_form = preview.context.get("confirm_form") if preview.context else None
    if confirm_form is None:
        return preview, None
    confirmed = client.post(
        reverse("admin:events_performer_process_import"), {**confirm_form.initial}
    )
    return preview, confirmed


def test_performer_import_with_a_lookalike_name_is_a_korean_row_error_and_imports_nothing(
    client, organiser
):
    data = (
        f"{PERFORMER_HEADER}\n,person,봄바람,pseudonym,,,0,0\n,person,K{CYRILLIC_I}m,named,,,0,0\n"
    ).encode()
    before = snapshot()

    with translation.override("ko"):
        preview, confirmed = _import_performers(client, data)

    assert confirmed is None
    assert preview.status_code == 200
    assert MIXED_KO in preview.content.decode()
    assert Performer.objects.count() == 0
    assert snapshot() == before


def test_performer_import_with_a_zero_width_joiner_is_a_row_error(client, organiser):
    data = f"{PERFORMER_HEADER}\n,group,합창{ZWJ}단,named,,,0,0\n".encode()

    with translation.override("en"):
        preview, confirmed = _import_performers(client, data)

    assert confirmed is None
    assert INVISIBLE in preview.content.decode()
    assert Performer.objects.count() == 0


def test_performer_import_normalises_fullwidth_and_keeps_korean_names(client, organiser):
    data = (
        f"{PERFORMER_HEADER}\n,person,{FULLWIDTH_KIM},named,,,0,0\n"
        ",group,평양냉면 Pyongyang,pseudonym,,,0,0\n"
    ).encode()

    with translation.override("en"):
        _, confirmed = _import_performers(client, data)

    assert confirmed.status_code == 302
    assert sorted(Performer.objects.values_list("display_name", flat=True)) == [
        "Kim",
        "평양냉면 Pyongyang",
    ]


def test_lender_admin_form_refuses_a_right_to_left_override(client, organiser):
    from django.urls import reverse

    before = snapshot()

    with translation.override("en"):
        response = client.post(
            reverse("admin:exhibits_lender_add"),
            {"display_name": f"{RLO}miK", "visibility": "anonymous"},
        )

    assert response.status_code == 200
    # The admin speaks the organiser's language (Korean).
    assert response.context["adminform"].form.errors["display_name"] == [INVISIBLE_KO]
    assert Lender.objects.count() == 0
    assert snapshot() == before
