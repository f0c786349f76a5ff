import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from events.models import AuditEntry, Performer
from events.privacy import Visibility
from events.services import performer_delete, performer_save
from tests.factories import (
    AppearanceFactory,
    ProgramItemFactory,
    UserFactory,
    jpeg_with_gps,
    png_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _performer_with_photo(**fields) -> Performer:
    values = {
        "display_name": "봄바람",
        "visibility": Visibility.PSEUDONYM,
        "photo_consent": True,
        "is_published": True,
        **fields,
    }
    performer = Performer(
        **values, photo=SimpleUploadedFile("kim-jiyeon.jpg", jpeg_with_gps(size=(40, 30)))
    )
    return performer_save(performer=performer)


def _files_under(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


# --- Storing ----------------------------------------------------------------------------------


def test_performer_save_strips_photo_metadata():
    raw = jpeg_with_gps(size=(40, 30))
    assert Image.open(io.BytesIO(raw)).getexif()  # the upload carries EXIF and GPS
    performer = Performer(display_name="가수", photo=SimpleUploadedFile("me.jpeg", raw))

    performer_save(performer=performer)

    performer.refresh_from_db()
    with performer.photo.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}
        assert image.info.get("exif") is None
        assert image.size == (40, 30)
    assert performer.photo.name.endswith(".jpg")


def test_performer_photo_is_stored_privately_under_a_random_name(settings):
    performer = _performer_with_photo()

    stored = Path(performer.photo.path)

    assert _files_under(settings.MEDIA_ROOT) == []
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == [stored]
    assert stored.parent == Path(settings.PRIVATE_MEDIA_ROOT) / "performers"
    assert "kim" not in performer.photo.name
    assert len(stored.stem) == 24
    with pytest.raises(ValueError, match="no public URL"):
        _ = performer.photo.url


def test_performer_save_refuses_a_file_that_is_not_an_image():
    performer = Performer(
        display_name="가수", photo=SimpleUploadedFile("me.jpg", b"not an image at all")
    )

    with pytest.raises(ValidationError) as error:
        performer_save(performer=performer)

    assert "photo" in error.value.message_dict
    assert Performer.objects.count() == 0


def test_performer_save_refuses_a_decompression_bomb(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("L", (2000, 1000)).save(out, format="PNG")  # 2 megapixels, a few kilobytes
    performer = Performer(display_name="가수", photo=SimpleUploadedFile("big.png", out.getvalue()))

    with pytest.raises(ValidationError) as error:
        performer_save(performer=performer)

    assert error.value.message_dict == {
        "photo": ["The image has too many pixels (2.0 megapixels; at most 1)."]
    }
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_performer_save_replacing_the_photo_deletes_the_old_file(
    settings, django_capture_on_commit_callbacks
):
    performer = _performer_with_photo()
    old = Path(performer.photo.path)

    with django_capture_on_commit_callbacks(execute=True):
        performer.photo = SimpleUploadedFile("new.png", png_bytes())
        performer_save(performer=performer)

    assert old.exists() is False
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == [Path(performer.photo.path)]


def test_performer_save_removing_the_photo_deletes_the_file(
    settings, django_capture_on_commit_callbacks
):
    performer = _performer_with_photo()

    with django_capture_on_commit_callbacks(execute=True):
        performer.photo = ""
        performer_save(performer=performer)

    assert Performer.objects.get().photo.name == ""
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_performer_delete_deletes_the_photo(settings, django_capture_on_commit_callbacks):
    performer = _performer_with_photo()

    with django_capture_on_commit_callbacks(execute=True):
        performer_delete(performer=performer)

    assert Performer.objects.count() == 0
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_performer_save_publishing_records_who_and_when():
    organiser = UserFactory(is_staff=True)
    performer = Performer(display_name="가수", is_published=True)

    performer_save(performer=performer, by=organiser)

    performer.refresh_from_db()
    assert performer.published_by == organiser
    assert performer.published_at is not None


# --- The public address -----------------------------------------------------------------------


def _photo_url(performer: Performer) -> str:
    return reverse("events:performer_photo", kwargs={"pk": performer.pk})


def test_performer_photo_url_with_consent_and_publication_serves_the_photo(client, settings):
    performer = _performer_with_photo()

    response = client.get(_photo_url(performer))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(performer.photo.path).read_bytes()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == f"private, max-age={settings.PUBLIC_PAGE_CACHE_SECONDS}"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_performer_photo_url_carries_the_id_not_the_name():
    performer = _performer_with_photo(display_name="Kim Jiyeon", visibility=Visibility.NAMED)

    assert performer.public_photo_url == f"/en/performers/{performer.pk}/photo/"


@pytest.mark.parametrize(
    "fields",
    [
        {"photo_consent": False},
        {"is_published": False},
        {"visibility": Visibility.ANONYMOUS},
    ],
    ids=["without-consent", "unpublished", "anonymous"],
)
def test_performer_photo_url_is_404_unless_the_public_may_see_it(client, fields):
    performer = _performer_with_photo(**fields)

    response = client.get(_photo_url(performer))

    assert response.status_code == 404
    assert performer.public_photo is None
    assert performer.public_photo_url == ""


def test_performer_photo_url_withdrawn_consent_is_404_at_once(client):
    performer = _performer_with_photo()
    assert client.get(_photo_url(performer)).status_code == 200

    performer.photo_consent = False
    performer_save(performer=performer)

    assert client.get(_photo_url(performer)).status_code == 404


def test_performer_photo_url_without_photo_or_file_is_404(client):
    without = performer_save(performer=Performer(display_name="가수", photo_consent=True))
    lost = _performer_with_photo()
    Path(lost.photo.path).unlink()

    assert client.get(_photo_url(without)).status_code == 404
    assert client.get(_photo_url(lost)).status_code == 404
    assert client.get(reverse("events:performer_photo", kwargs={"pk": 999999})).status_code == 404


# --- The organisers' preview ------------------------------------------------------------------


def _preview_url(performer: Performer) -> str:
    return reverse("events:performer_photo_preview", kwargs={"pk": performer.pk})


def test_performer_photo_preview_shows_staff_an_unconsented_photo_and_audits(client):
    performer = _performer_with_photo(photo_consent=False, is_published=False)
    organiser = UserFactory(is_staff=True)
    organiser.user_permissions.add(Permission.objects.get(codename="view_performer"))
    client.force_login(organiser)

    response = client.get(_preview_url(performer))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(performer.photo.path).read_bytes()
    assert response["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.get(action="private_file")
    assert (entry.user, entry.action, entry.target, entry.object_id) == (
        organiser,
        "private_file",
        "events.Performer",
        str(performer.pk),
    )


def test_performer_photo_preview_of_a_public_photo_is_not_audited(client):
    performer = _performer_with_photo()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(_preview_url(performer))

    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="private_file").count() == 0


@pytest.mark.parametrize(
    "user",
    [
        None,
        {"is_staff": False},
        {"is_staff": True},  # staff without the permission to view performers
        {"is_staff": False, "is_superuser": True, "permissions": True},
    ],
    ids=["anonymous", "signed-in", "staff-without-permission", "not-staff"],
)
def test_performer_photo_preview_is_404_for_anyone_else(client, user):
    performer = _performer_with_photo(photo_consent=False)
    if user is not None:
        permissions = user.pop("permissions", False)
        account = UserFactory(**user)
        if permissions:
            account.user_permissions.add(Permission.objects.get(codename="view_performer"))
        client.force_login(account)

    response = client.get(_preview_url(performer))

    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="private_file").count() == 0


# --- The admin ----------------------------------------------------------------------------------


def test_admin_performer_page_shows_the_photo_through_the_preview(client):
    performer = _performer_with_photo(photo_consent=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:events_performer_change", args=[performer.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(f'src="{_preview_url(performer)}"') == 1
    assert f'<a href="{_preview_url(performer)}">current photo</a>' in body
    assert "Not shown in public." in body
    assert "/media/" not in body


def test_admin_performer_page_for_view_only_staff_shows_the_preview(client):
    performer = _performer_with_photo()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_performer"))
    client.force_login(viewer)

    response = client.get(reverse("admin:events_performer_change", args=[performer.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'src="{_preview_url(performer)}"' in body
    assert "Shown in public." in body


def test_admin_performer_upload_is_sanitised_and_private(client, settings):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:events_performer_add"),
        {
            "kind": "person",
            "display_name": "봄바람",
            "visibility": "pseudonym",
            "bio_ko": "",
            "bio_en": "",
            "photo": SimpleUploadedFile(
                "kim-jiyeon.jpg", jpeg_with_gps(size=(40, 30)), "image/jpeg"
            ),
            "photo_consent": "on",
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    performer = Performer.objects.get()
    assert performer.preferred_language == "en"
    assert _files_under(settings.MEDIA_ROOT) == []
    with Image.open(performer.photo.path) as image:
        assert dict(image.getexif()) == {}


def test_admin_performer_upload_with_too_many_pixels_is_a_field_error(client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("L", (2000, 1000)).save(out, format="PNG")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:events_performer_add"),
        {
            "kind": "person",
            "display_name": "봄바람",
            "visibility": "pseudonym",
            "preferred_language": "ko",
            "photo": SimpleUploadedFile("big.png", out.getvalue(), "image/png"),
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "photo": ["The image has too many pixels (2.0 megapixels; at most 1)."]
    }
    assert Performer.objects.count() == 0
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


# --- Public pages -----------------------------------------------------------------------------


def test_programme_detail_shows_only_public_photos_with_alt_text(client):
    item = ProgramItemFactory()
    shown = _performer_with_photo(display_name="봄바람")
    hidden = _performer_with_photo(display_name="청진의 바람", photo_consent=False)
    AppearanceFactory(item=item, performer=shown, order=1)
    AppearanceFactory(item=item, performer=hidden, order=2)

    body = client.get(f"/en/programme/{item.pk}/").content.decode()

    assert (
        f'<img class="performer-photo" src="/en/performers/{shown.pk}/photo/" alt="Photo of 봄바람"'
        in body
    )
    assert f"/performers/{hidden.pk}/photo/" not in body
    assert body.count('class="performer-photo"') == 1


def test_programme_detail_query_count_does_not_grow_with_photos(client):
    small, large = ProgramItemFactory(), ProgramItemFactory()
    for n in range(1):
        AppearanceFactory(item=small, performer=_performer_with_photo(display_name=f"a{n}"))
    for n in range(8):
        AppearanceFactory(item=large, performer=_performer_with_photo(display_name=f"b{n}"))
    client.get(f"/programme/{small.pk}/")

    with CaptureQueriesContext(connection) as one:
        client.get(f"/programme/{small.pk}/")
    with CaptureQueriesContext(connection) as eight:
        response = client.get(f"/programme/{large.pk}/")

    assert response.content.decode().count('class="performer-photo"') == 8
    assert len(eight.captured_queries) == len(one.captured_queries)
