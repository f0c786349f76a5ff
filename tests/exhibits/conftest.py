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
