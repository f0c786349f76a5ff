import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.privacy import Visibility
from exhibits.models import Display, Exhibit, ExhibitImage
from tests.exhibits.conftest import exhibit_form, image_row, staff_with
from tests.factories import (
    EditionFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    LenderFactory,
    jpeg_with_gps,
)

pytestmark = pytest.mark.django_db
ADMIN = "/en/admin/exhibits"


# --- lenders ---------------------------------------------------------------------------------


def test_lender_admin_hides_private_fields_without_the_permission(client):
    lender = LenderFactory(legal_name="Secretlegal Park", contact_email="park@private.example.org")
    client.force_login(staff_with("view_lender", "change_lender"))

    html = client.get(f"{ADMIN}/lender/{lender.pk}/change/").content.decode()

    assert "Secretlegal Park" not in html
    assert "park@private.example.org" not in html
    assert 'name="legal_name"' not in html
    assert 'name="display_name"' in html


def test_lender_admin_shows_private_fields_with_the_permission(client):
    lender = LenderFactory(legal_name="Secretlegal Park")
    client.force_login(staff_with("view_lender", "change_lender", "view_lender_private"))

    html = client.get(f"{ADMIN}/lender/{lender.pk}/change/").content.decode()

    assert 'value="Secretlegal Park"' in html
    assert "Private: legal name and contact" in html


def test_lender_admin_search_by_legal_name_needs_the_permission(client):
    LenderFactory(display_name="Visible", legal_name="Secretlegal Park")
    client.force_login(staff_with("view_lender"))

    html = client.get(f"{ADMIN}/lender/", {"q": "Secretlegal"}).content.decode()

    assert "0 lenders" in html


def test_lender_admin_save_without_permission_keeps_private_fields(client):
    lender = LenderFactory(legal_name="Secretlegal Park", visibility=Visibility.NAMED)
    client.force_login(staff_with("view_lender", "change_lender"))

    client.post(
        f"{ADMIN}/lender/{lender.pk}/change/",
        {"display_name": "New Name", "visibility": "pseudonym"},
    )

    lender.refresh_from_db()
    assert (lender.display_name, lender.visibility, lender.legal_name) == (
        "New Name",
        "pseudonym",
        "Secretlegal Park",
    )


# --- exhibits and images ---------------------------------------------------------------------


def test_exhibit_admin_upload_strips_metadata_and_records_the_uploader(client, curator):
    client.force_login(curator)
    upload = SimpleUploadedFile(
        "IMG_0001.JPG", jpeg_with_gps(size=(800, 600)), content_type="image/jpeg"
    )

    response = client.post(f"{ADMIN}/exhibit/add/", exhibit_form(**image_row(upload)))

    assert response.status_code == 302
    exhibit = Exhibit.objects.get(object_number="DD-2025-101")
    image = exhibit.images.get()
    original = image.original.read()
    assert b"SecretPhone" not in original
    assert dict(Image.open(io.BytesIO(original)).getexif()) == {}
    assert (image.uploaded_by, exhibit.recorded_by, exhibit.is_published) == (
        curator,
        curator,
        False,
    )
    assert image.original.path.startswith(str(image.original.storage.location))
    assert "IMG_0001" not in image.original.name


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 loan agreement", "This file is not an image we can read."),
        ("bomb", "The image has too many pixels (100.0 megapixels; at most 40)."),
    ],
    ids=["not-an-image", "100-megapixel-png"],
)
def test_exhibit_admin_refuses_a_bad_upload_and_saves_nothing(client, curator, content, message):
    if content == "bomb":
        out = io.BytesIO()
        Image.new("1", (10_000, 10_000)).save(out, format="PNG")
        content = out.getvalue()
    client.force_login(curator)
    upload = SimpleUploadedFile("file.png", content, content_type="image/png")

    response = client.post(f"{ADMIN}/exhibit/add/", exhibit_form(**image_row(upload)))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Exhibit.objects.count(), ExhibitImage.objects.count()) == (0, 0)


def test_exhibit_admin_duplicate_object_number_is_a_form_error(client, curator):
    ExhibitFactory(object_number="DD-2025-101")
    client.force_login(curator)

    response = client.post(f"{ADMIN}/exhibit/add/", exhibit_form())

    assert "Exhibit with this Object number already exists." in response.content.decode()
    assert Exhibit.objects.count() == 1


def test_exhibit_admin_cannot_unflag_an_uncleared_image(client, curator):
    exhibit = ExhibitFactory(object_number="DD-2025-101", is_published=False, published_at=None)
    image = ExhibitImageFactory(exhibit=exhibit, shows_identifying=True, uploaded_by=curator)
    client.force_login(curator)

    response = client.post(
        f"{ADMIN}/exhibit/{exhibit.pk}/change/",
        exhibit_form(
            **{
                "images-TOTAL_FORMS": "1",
                "images-INITIAL_FORMS": "1",
                "images-0-id": str(image.pk),
                "images-0-exhibit": str(exhibit.pk),
                "images-0-alt_text_ko": "사진",
                "images-0-alt_text_en": "Photo",
                "images-0-order": "1",
            }
        ),
    )

    assert "A flagged image can only be released by a second organiser clearing it." in (
        response.content.decode()
    )
    assert ExhibitImage.objects.get(pk=image.pk).shows_identifying is True


def test_exhibit_admin_publish_action_refuses_uncleared_then_publishes_after_clearance(
    client, curator, second_curator
):
    exhibit = ExhibitFactory(object_number="DD-2025-101", is_published=False, published_at=None)
    image = ExhibitImageFactory(
        exhibit=exhibit, order=1, shows_identifying=True, uploaded_by=curator
    )
    client.force_login(curator)
    action = {"action": "publish", "_selected_action": [exhibit.pk]}

    refused = client.post(f"{ADMIN}/exhibit/", action, follow=True)
    own_clearance = client.post(
        f"{ADMIN}/exhibitimage/",
        {"action": "clear_images", "_selected_action": [image.pk]},
        follow=True,
    )
    client.force_login(second_curator)
    client.post(
        f"{ADMIN}/exhibitimage/", {"action": "clear_images", "_selected_action": [image.pk]}
    )
    client.force_login(curator)
    client.post(f"{ADMIN}/exhibit/", action)

    assert "a second organiser must clear it first" in refused.content.decode()
    assert "not the person who uploaded it" in own_clearance.content.decode()
    exhibit.refresh_from_db()
    image.refresh_from_db()
    assert (image.cleared_by, exhibit.is_published, exhibit.published_by) == (
        second_curator,
        True,
        curator,
    )


def test_exhibit_admin_publish_needs_the_publish_permission(client):
    exhibit = ExhibitFactory(is_published=False, published_at=None)
    client.force_login(staff_with("view_exhibit", "change_exhibit"))

    client.post(f"{ADMIN}/exhibit/", {"action": "publish", "_selected_action": [exhibit.pk]})

    assert Exhibit.objects.get(pk=exhibit.pk).is_published is False


def test_exhibit_admin_add_to_display_action_uses_the_chosen_edition(client, curator):
    edition = EditionFactory(year=2025)
    first, second = ExhibitFactory(), ExhibitFactory()
    client.force_login(curator)

    response = client.post(
        f"{ADMIN}/exhibit/",
        {
            "action": "add_to_display",
            "edition": str(edition.pk),
            "_selected_action": [first.pk, second.pk],
        },
        follow=True,
    )

    assert "2 exhibit(s) are on display at 2025." in response.content.decode()
    assert set(Display.objects.values_list("exhibit_id", "edition__year")) == {
        (first.pk, 2025),
        (second.pk, 2025),
    }


def test_exhibit_admin_add_to_display_without_an_edition_says_so(client, curator):
    exhibit = ExhibitFactory()
    client.force_login(curator)

    response = client.post(
        f"{ADMIN}/exhibit/",
        {"action": "add_to_display", "_selected_action": [exhibit.pk]},
        follow=True,
    )

    assert "Choose an edition next to the action first." in response.content.decode()
    assert Display.objects.count() == 0
