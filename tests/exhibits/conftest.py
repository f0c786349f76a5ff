import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


def staff_with(*codenames: str, **kwargs):
    """A staff user holding exactly the given exhibits permissions."""
    user = UserFactory(is_staff=True, **kwargs)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="exhibits", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)


def exhibit_form(**overrides) -> dict:
    """The admin's add-exhibit form, filled in, with empty image and display inlines."""
    data = {
        "object_number": "DD-2025-101",
        "title_ko": "겨울 외투",
        "title_en": "Winter coat",
        "category": "clothing",
        "condition": "good",
        "province": "ryanggang",
        "year_left": "2010",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "displays-TOTAL_FORMS": "0",
        "displays-INITIAL_FORMS": "0",
        "displays-MIN_NUM_FORMS": "0",
        "displays-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def image_row(upload, **overrides) -> dict:
    """One image row for ``exhibit_form``: the uploaded file and its alt texts."""
    row = {
        "images-TOTAL_FORMS": "1",
        "images-0-upload": upload,
        "images-0-alt_text_ko": "외투",
        "images-0-alt_text_en": "A coat",
        "images-0-order": "1",
    }
    row.update(overrides)
    return row


CURATOR_PERMISSIONS = (
    "add_exhibit",
    "change_exhibit",
    "view_exhibit",
    "delete_exhibit",
    "add_exhibitimage",
    "change_exhibitimage",
    "view_exhibitimage",
    "delete_exhibitimage",
    "add_display",
    "change_display",
    "view_display",
    "delete_display",
    "add_lender",
    "change_lender",
    "view_lender",
    "publish_exhibit",
    "clear_exhibitimage",
    "export_exhibit",
)


@pytest.fixture
def curator(db):
    return staff_with(*CURATOR_PERMISSIONS, email="curator@example.org")


@pytest.fixture
def second_curator(db):
    return staff_with(*CURATOR_PERMISSIONS, email="second@example.org")


@pytest.fixture(autouse=True)
def _english_messages(english):
    """Messages are asserted in English here; Korean is asserted where a test says so."""
