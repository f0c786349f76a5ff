import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from PIL import Image

from events.models import Performer
from tests.factories import PerformerFactory, jpeg_with_gps

pytestmark = pytest.mark.django_db

migration = importlib.import_module("events.migrations.0008_performer_photos_to_private_storage")


def _public_photo(settings, name: str, data: bytes) -> Performer:
    """A performer whose photo was uploaded before the move: a file under MEDIA_ROOT."""
    path = Path(settings.MEDIA_ROOT) / "performers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    performer = PerformerFactory()
    Performer.objects.filter(pk=performer.pk).update(photo=f"performers/{name}")
    return performer


def _files_under(root) -> list[Path]:
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


def test_migration_moves_public_photos_to_private_storage_without_metadata(
    settings, django_capture_on_commit_callbacks
):
    performer = _public_photo(settings, "kim-jiyeon.jpg", jpeg_with_gps(size=(40, 30)))

    with django_capture_on_commit_callbacks(execute=True):
        migration.make_private(apps, None)

    performer.refresh_from_db()
    assert _files_under(settings.MEDIA_ROOT) == []
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == [Path(performer.photo.path)]
    assert "kim" not in performer.photo.name
    with Image.open(performer.photo.path) as image:
        assert (image.size, dict(image.getexif())) == ((40, 30), {})


def test_make_performer_photos_private_run_again_changes_nothing(
    settings, django_capture_on_commit_callbacks
):
    performer = _public_photo(settings, "a.jpg", jpeg_with_gps(size=(40, 30)))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_performer_photos_private", stdout=io.StringIO())
    performer.refresh_from_db()
    moved_to = performer.photo.name
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_performer_photos_private", stdout=out)

    performer.refresh_from_db()
    assert performer.photo.name == moved_to
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == [Path(performer.photo.path)]
    assert out.getvalue() == (
        "0 photos moved to private storage, 1 already private, 0 missing (in neither storage).\n"
    )


def test_make_performer_photos_private_leaves_a_missing_file_for_a_later_run(
    settings, django_capture_on_commit_callbacks
):
    moved = _public_photo(settings, "here.jpg", jpeg_with_gps(size=(40, 30)))
    lost = PerformerFactory()
    Performer.objects.filter(pk=lost.pk).update(photo="performers/gone.jpg")
    out, err = io.StringIO(), io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_performer_photos_private", stdout=out, stderr=err)

    assert out.getvalue() == (
        "1 photos moved to private storage, 0 already private, 1 missing (in neither storage).\n"
    )
    assert "run this command again" in err.getvalue()
    assert Performer.objects.get(pk=lost.pk).photo.name == "performers/gone.jpg"
    assert Performer.objects.get(pk=moved.pk).photo.name != "performers/here.jpg"


def test_make_performer_photos_private_moves_an_unreadable_file_as_it_is(
    settings, django_capture_on_commit_callbacks
):
    performer = _public_photo(settings, "odd.jpg", b"not really an image")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_performer_photos_private", stdout=io.StringIO())

    performer.refresh_from_db()
    assert _files_under(settings.MEDIA_ROOT) == []
    assert Path(performer.photo.path).read_bytes() == b"not really an image"
