import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from events.privacy import Visibility
from exhibits.models import Exhibit
from tests.factories import ExhibitFactory, LenderFactory

pytestmark = pytest.mark.django_db


def _errors(exhibit: Exhibit) -> dict:
    with pytest.raises(ValidationError) as error:
        exhibit.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize("number", ["DD-24-017", "dd-2024-017", "DD-2024-17", "DD-2024-0170", ""])
def test_exhibit_object_number_in_wrong_format_is_refused(number):
    exhibit = ExhibitFactory.build(object_number=number, lender=None)

    assert "object_number" in _errors(exhibit)


def test_exhibit_object_number_in_fixed_format_is_valid():
    exhibit = ExhibitFactory.build(object_number="DD-2024-017", lender=None)

    exhibit.full_clean()

    assert exhibit.object_number == "DD-2024-017"


def test_exhibit_duplicate_object_number_is_refused_by_validation_and_database():
    ExhibitFactory(object_number="DD-2024-001")
    duplicate = ExhibitFactory.build(object_number="DD-2024-001", lender=None)

    assert _errors(duplicate)["object_number"] == [
        "Exhibit with this Object number already exists."
    ]
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_exhibit_year_left_in_the_future_is_refused():
    next_year = timezone.localdate().year + 1
    exhibit = ExhibitFactory.build(year_left=next_year, lender=None)

    assert _errors(exhibit)["year_left"] == [
        f"The year it left the North ({next_year}) cannot be in the future."
    ]


@pytest.mark.parametrize(("field", "value"), [("province", "seoul"), ("category", "weapons")])
def test_exhibit_unknown_province_or_category_is_refused(field, value):
    exhibit = ExhibitFactory.build(lender=None, **{field: value})

    assert field in _errors(exhibit)


def test_exhibit_loan_due_back_before_received_is_refused_by_clean_and_constraint():
    exhibit = ExhibitFactory.build(
        lender=None, loan_received_on=dt.date(2024, 5, 1), loan_due_back_on=dt.date(2024, 4, 1)
    )

    assert "loan_due_back_on" in _errors(exhibit)
    with pytest.raises(IntegrityError):
        exhibit.save()


def test_exhibit_search_text_holds_both_languages_lower_cased():
    exhibit = ExhibitFactory(title_ko="식량 배급표", title_en="Food Ration Card", lender=None)

    assert "식량 배급표" in exhibit.search_text
    assert "food ration card" in exhibit.search_text


@pytest.mark.parametrize(
    ("visibility", "display_name", "expected"),
    [
        (Visibility.NAMED, "김은희", "김은희"),
        (Visibility.PSEUDONYM, "한라봉", "한라봉"),
        (Visibility.ANONYMOUS, "Whoever", "Anonymous lender"),
    ],
)
def test_lender_credit_line_follows_visibility(visibility, display_name, expected):
    lender = LenderFactory(visibility=visibility, display_name=display_name)

    assert lender.credit_line("web") == expected


def test_lender_credit_line_without_consent_for_a_use_is_anonymous():
    lender = LenderFactory(display_name="김은희", consent_label=False, consent_label_on=None)

    assert (lender.credit_line("web"), lender.credit_line("label")) == (
        "김은희",
        "Anonymous lender",
    )


def test_lender_credit_line_in_korean_is_the_korean_anonymous_label():
    from django.utils import translation

    lender = LenderFactory(visibility=Visibility.ANONYMOUS)

    with translation.override("ko"):
        assert lender.credit_line("web") == "익명 소장자"


def test_lender_consent_without_date_is_refused():
    lender = LenderFactory.build(consent_press=True, consent_press_on=None)

    with pytest.raises(ValidationError) as error:
        lender.full_clean()
    assert list(error.value.message_dict) == ["consent_press_on"]


def test_lender_str_never_shows_the_legal_name():
    lender = LenderFactory(
        visibility=Visibility.ANONYMOUS, display_name="", legal_name="Secretlegal Kim"
    )

    assert "Secretlegal" not in str(lender)
