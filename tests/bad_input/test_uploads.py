"""Hostile uploads: every place that takes a file (each model's file fields, every form with a
file field, every spreadsheet import of the admin) is found here by walking the models, the forms
and the admin, so that a new one cannot be added without being swept. Each gets an empty file, a
truncated PNG and JPEG, text named .jpg, a 20000x20000 PNG (a decompression bomb), a file over
the limit, a CP949 CSV and a broken XLSX, and answers with a translated refusal on the form (or a
400 or 413), never a 500, with no row and no file saved."""

import functools
import html
import io
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import get_resolver
from import_export.admin import ImportMixin
from PIL import Image, ImageFile

from tests.bad_input.conftest import logged_in, snapshot
from tests.exhibits.conftest import exhibit_form, image_row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The limits are lowered for the sweep, so that "too large" is a file of about a megabyte.
LIMIT = 1024 * 1024


def _png(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(out, format="JPEG", quality=90)
    return out.getvalue()


@functools.cache
def _bomb() -> bytes:
    """A valid 20000x20000 one-bit PNG of 400 megapixels: about 50 KB, 50 MB once decoded."""
    width = height = 20_000
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@functools.cache
def _too_large() -> bytes:
    """A real PNG of noise, over LIMIT."""
    out = io.BytesIO()
    noise = random.Random(0).randbytes(700 * 700 * 3)  # incompressible: about 1.4 MB
    Image.frombytes("RGB", (700, 700), noise).save(out, format="PNG")
    assert len(out.getvalue()) > LIMIT
    return out.getvalue()


BAD_FILES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "empty": lambda: ("empty.jpg", b""),
    "truncated_png": lambda: ("photo.png", _png()[: len(_png()) // 2]),
    "truncated_jpeg": lambda: ("photo.jpg", _jpeg()[: len(_jpeg()) // 2]),
    "text_named_jpg": lambda: ("photo.jpg", b"This is a letter, not a photograph.\n" * 20),
    "bomb": lambda: ("bomb.png", _bomb()),
    "too_large": lambda: ("large.png", _too_large()),
    "cp949_csv": lambda: (
        "명단.csv",
        "이름표,전화\n김철수,010-0000-0000\n".encode("cp949"),
    ),
    "garbage_xlsx": lambda: ("sheet.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8),
    "too_large_csv": lambda: ("guests.csv", b"email,name\n" + b"guest@example.org,Kim\n" * 60_000),
}


@dataclass(frozen=True)
class Upload:
    """Where a file is posted: who posts, the address, the form's fields around the file, and
    the places found by ``discovered_upload_places`` that this address sweeps."""

    who: str
    path: Callable
    data: Callable
    covers: frozenset


def _import_form(w, name: str, upload) -> dict:
    """The admin import's first step; the format (0 CSV, 1 XLSX) chosen by the file's name."""
    return {"format": "1" if name.endswith(".xlsx") else "0", "import_file": upload}


def _admin_import(label: str) -> Upload:
    """The admin's spreadsheet import (django-import-export) of a model ("events.Performer")."""
    app_label, model = label.split(".")
    return Upload(
        who="organiser",
        path=lambda w: f"/admin/{app_label}/{model.lower()}/import/",
        data=_import_form,
        covers=frozenset({f"import:{label}"}),
    )


UPLOADS = {
    "vendor_product": Upload(
        who="vendor",
        path=lambda w: "/vendor/products/add/",
        data=lambda w, name, upload: {
            "name_ko": "인조고기밥",
            "category": "food",
            "price_won": "4000",
            "provenance": "north_style",
            "is_available": "on",
            "photo": upload,
        },
        covers=frozenset(
            {"form:participants.market.forms.ProductForm", "model:participants.Product.photo"}
        ),
    ),
    "vendor_permit": Upload(
        who="vendor",
        path=lambda w: "/vendor/permits/",
        data=lambda w, name, upload: {
            "kind": "liquor_licence",
            "number": "L-77",
            "expires_on": "2099-01-01",
            "scan": upload,
        },
        covers=frozenset(
            {"form:participants.market.forms.PermitForm", "model:participants.Permit.scan"}
        ),
    ),
    "admin_performer_photo": Upload(
        who="organiser",
        path=lambda w: "/admin/events/performer/add/",
        data=lambda w, name, upload: {
            "kind": "person",
            "display_name": "봄바람",
            "visibility": "pseudonym",
            "preferred_language": "ko",
            "photo": upload,
        },
        covers=frozenset(
            {
                "form:events.admin.performers.PerformerForm",
                "admin:events.Performer",
                "model:events.Performer.photo",
            }
        ),
    ),
    "admin_exhibit_image": Upload(
        who="organiser",
        path=lambda w: "/admin/exhibits/exhibit/add/",
        data=lambda w, name, upload: exhibit_form(**image_row(upload)),
        covers=frozenset(
            {
                "form:exhibits.admin.catalogue.ExhibitImageInlineForm",
                "admin:exhibits.Exhibit/exhibits.ExhibitImage",
                "model:exhibits.ExhibitImage.original",
            }
        ),
    ),
    "admin_guest_import": Upload(
        who="organiser",
        path=lambda w: "/admin/participants/rsvp/import-guests/",
        data=lambda w, name, upload: {"edition": w.edition.pk, "item": "", "file": upload},
        covers=frozenset({"form:participants.attendance.forms.GuestImportForm"}),
    ),
    "admin_programme_import": _admin_import("events.ProgramItem"),
    "admin_performer_import": _admin_import("events.Performer"),
    "admin_exhibit_import": _admin_import("exhibits.Exhibit"),
}

# File fields that no person uploads to, each with the reason.
NOT_UPLOADED = {
    "model:participants.Product.thumbnail": "made from the sanitised photo",
    "model:exhibits.ExhibitImage.thumbnail": "made from the sanitised original",
    "model:exhibits.ExhibitImage.display": "made from the sanitised original",
    "model:events.EditionReport.pdf_ko": "written by the report task; read-only in the admin",
    "model:events.EditionReport.pdf_en": "written by the report task; read-only in the admin",
}


def _our_form_classes() -> set[type]:
    assert get_resolver().url_patterns  # loading them imports every view, form and admin
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in ("events", "participants", "exhibits"):
                found.add(sub)
    return found


def _has_file_field(form_class: type) -> bool:
    return any(isinstance(field, forms.FileField) for field in form_class.base_fields.values())


def discovered_upload_places() -> set[str]:
    """Every model file field, form with a file field, admin form with one and admin import."""
    places = {
        f"model:{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    places |= {
        f"form:{cls.__module__}.{cls.__qualname__}"
        for cls in _our_form_classes()
        if _has_file_field(cls)
    }
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if isinstance(model_admin, ImportMixin):
            places.add(f"import:{label}")
        if _has_file_field(model_admin.get_form(request)):
            places.add(f"admin:{label}")
        for inline in model_admin.get_inline_instances(request):
            if _has_file_field(inline.get_formset(request).form):
                places.add(f"admin:{label}/{inline.model._meta.label}")
    return places


def test_every_place_that_takes_a_file_is_swept():
    covered = set().union(*(upload.covers for upload in UPLOADS.values()))

    assert discovered_upload_places() == covered | set(NOT_UPLOADED)


def stored_files() -> list[str]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return sorted(str(path) for root in roots if root.exists() for path in root.rglob("*"))


@pytest.fixture
def low_limits(settings, monkeypatch):
    settings.IMAGE_MAX_UPLOAD_BYTES = LIMIT
    settings.PERMIT_SCAN_MAX_BYTES = LIMIT
    settings.IMPORT_MAX_BYTES = LIMIT
    # As in a web process once WeasyPrint is imported (it turns this on for the process).
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)


EMPTY = "입력하신 파일은 빈 파일입니다."
NOT_IMAGE = "읽을 수 있는 이미지 파일이 아닙니다. JPEG, PNG, WebP 또는 HEIC 이미지를 첨부해 주세요."
NOT_IMAGE_DJANGO = (
    "올바른 이미지를 업로드하세요. 업로드하신 파일은 이미지 파일이 아니거나 파일이 깨져 있습니다."
)
TOO_MANY_PIXELS = "이미지의 화소 수가 너무 많습니다(최대 40 메가픽셀)."
IMAGE_TOO_LARGE = "파일이 너무 큽니다(1.4 MB). 최대 1 MB까지 첨부할 수 있습니다."
CSV_TOO_LARGE = "파일이 너무 큽니다(1.3 MB). 최대 1 MB까지 첨부할 수 있습니다."
NOT_A_SCAN = "스캔본은 PDF나 JPEG, PNG, WebP, HEIC 이미지로 첨부해 주세요."
UNDECODABLE = (
    "파일이 UTF-8 또는 CP949(한글 엑셀) 텍스트가 아닙니다. \u2018CSV UTF-8\u2019로 저장해 주세요."
)
NOT_XLSX = "이 파일을 xlsx 형식으로 읽을 수 없습니다. 선택한 형식을 확인하세요."
HEADERS = "파일의 머리글이 맞지 않습니다("
# The CP949 file's headers, read back: proof that it was decoded, not refused as undecodable.
CP949_HEADERS = "알 수 없는 열: 이름표, 전화"

IMAGE_PLACE = {
    "empty": EMPTY,
    "truncated_png": NOT_IMAGE,
    "truncated_jpeg": NOT_IMAGE,
    "text_named_jpg": NOT_IMAGE,
    "bomb": TOO_MANY_PIXELS,
    "too_large": IMAGE_TOO_LARGE,
    "cp949_csv": NOT_IMAGE,
    "garbage_xlsx": NOT_IMAGE,
    "too_large_csv": CSV_TOO_LARGE,
}
IMPORT_PLACE = {
    "empty": EMPTY,
    "truncated_png": UNDECODABLE,
    "truncated_jpeg": UNDECODABLE,
    "text_named_jpg": HEADERS,
    "bomb": UNDECODABLE,
    "too_large": IMAGE_TOO_LARGE,
    "cp949_csv": CP949_HEADERS,
    "garbage_xlsx": NOT_XLSX,
    "too_large_csv": CSV_TOO_LARGE,
}
EXPECTED = {
    "vendor_product": IMAGE_PLACE,
    "admin_exhibit_image": IMAGE_PLACE,
    # Django's ImageField looks first: its own message for anything Pillow cannot open.
    "admin_performer_photo": {
        **dict.fromkeys(IMAGE_PLACE, NOT_IMAGE_DJANGO),
        "empty": EMPTY,
        "too_large": IMAGE_TOO_LARGE,
    },
    "vendor_permit": {
        **dict.fromkeys(IMAGE_PLACE, NOT_A_SCAN),
        "empty": EMPTY,
        "bomb": TOO_MANY_PIXELS,
        "too_large": IMAGE_TOO_LARGE,
        "too_large_csv": CSV_TOO_LARGE,
    },
    "admin_programme_import": IMPORT_PLACE,
    "admin_performer_import": IMPORT_PLACE,
    "admin_exhibit_import": {**IMPORT_PLACE, "cp949_csv": HEADERS},
    "admin_guest_import": {
        **IMPORT_PLACE,
        "text_named_jpg": "첫 줄에는 열 이름이 있어야 하며 최소한 “email”이 있어야 합니다.",
        "cp949_csv": "첫 줄에는 열 이름이 있어야 하며 최소한 “email”이 있어야 합니다.",
        "garbage_xlsx": "읽을 수 있는 XLSX 통합 문서가 아닙니다.",
    },
}


def page_text(response) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


def test_every_upload_place_has_an_expected_refusal_for_every_bad_file():
    assert {place: set(kinds) for place, kinds in EXPECTED.items()} == {
        place: set(BAD_FILES) for place in UPLOADS
    }


@pytest.mark.usefixtures("low_limits")
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("place", sorted(UPLOADS))
def test_hostile_upload_is_refused_in_korean_and_saves_nothing(world, place, kind):
    upload_spec = UPLOADS[place]
    who = {"vendor": world.vendor.owner, "organiser": UserFactory(is_staff=True, is_superuser=True)}
    client = logged_in(who[upload_spec.who], csrf_checks=False)
    name, content = BAD_FILES[kind]()
    before, files_before = snapshot(), stored_files()

    response = client.post(
        upload_spec.path(world), upload_spec.data(world, name, SimpleUploadedFile(name, content))
    )

    # The guest list's form answers a refused file with 400; every other form with 200.
    assert response.status_code == (400 if place == "admin_guest_import" else 200)
    text = page_text(response)
    assert EXPECTED[place][kind] in text
    assert "Traceback" not in text
    assert snapshot() == before
    assert stored_files() == files_before


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_upload_declared_over_the_limit_is_a_413_before_the_body_is_read(world):
    client = logged_in(world.vendor.owner, csrf_checks=False)
    before = snapshot()

    response = client.generic(
        "POST",
        "/vendor/products/add/",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    assert response["Connection"] == "close"
    text = page_text(response)
    assert "파일이 너무 큽니다" in text
    assert "보내신 내용이 이 사이트가 받는 크기보다 큽니다(최대 22 MB)." in text
    assert snapshot() == before


def test_form_declared_over_the_form_limit_is_a_413_in_english_on_the_english_site(world):
    client = logged_in(world.person, csrf_checks=False)

    response = client.generic(
        "POST",
        "/en/remember/write/",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    assert "What you sent is larger than this site takes (10 MB at most)." in page_text(response)


def test_upload_within_the_limit_reaches_the_form(world):
    client = logged_in(world.vendor.owner, csrf_checks=False)
    name, content = BAD_FILES["text_named_jpg"]()

    response = client.post(
        "/vendor/products/add/",
        UPLOADS["vendor_product"].data(world, name, SimpleUploadedFile(name, content)),
    )

    assert response.status_code == 200
    assert NOT_IMAGE in page_text(response)


def test_proxy_refuses_bodies_just_above_the_sites_own_limit():
    nginx = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))

    assert (
        settings.REQUEST_BODY_MAX_BYTES
        < megabytes * 1_048_576
        <= (settings.REQUEST_BODY_MAX_BYTES + 4 * 1_048_576)
    )
