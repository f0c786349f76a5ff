import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.models import AuditEntry
from exhibits.models import Exhibit, Lender
from tests.factories import ExhibitFactory, LenderFactory

pytestmark = pytest.mark.django_db
IMPORT = "/en/admin/exhibits/exhibit/import/"
PROCESS = "/en/admin/exhibits/exhibit/process_import/"
HEADER = "object_number,title_ko,title_en,category,province,year_left,condition,lender_id"


def upload(client, content: bytes, *, name: str = "catalogue.csv", format_index: str = "0"):
    return client.post(
        IMPORT,
        {
            "format": format_index,
            "resource": "0",
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, preview) -> None:
    html = preview.content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    response = client.post(PROCESS, fields)
    assert response.status_code == 302, html[:2000]


def csv_rows(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_import_csv_with_bom_previews_then_creates_on_confirm(client, curator):
    lender = LenderFactory()
    content = (
        "\ufeff"
        + csv_rows(
            f"DD-2025-101,겨울 외투,Winter coat,clothing,ryanggang,2010,good,{lender.pk}",
            "DD-2025-102,배급표,Ration card,Documents,North Hamgyong,2009,fair,",
        )
    ).encode("utf-8")
    client.force_login(curator)

    preview = upload(client, content)

    assert "Preview" in preview.content.decode()
    assert Exhibit.objects.count() == 0
    confirm(client, preview)
    assert list(
        Exhibit.objects.values_list("object_number", "title_ko", "category", "province", "lender")
    ) == [
        ("DD-2025-101", "겨울 외투", "clothing", "ryanggang", lender.pk),
        ("DD-2025-102", "배급표", "documents", "north_hamgyong", None),
    ]
    assert not Exhibit.objects.filter(is_published=True).exists()
    entry = AuditEntry.objects.get(action="import")
    assert (entry.row_count, entry.detail) == (2, {"new": 2})


def test_import_csv_in_cp949_from_korean_excel(client, curator):
    content = csv_rows("DD-2025-103,두만강을 건넌 신발,Shoes,clothing,함경북도,2007,poor,").encode(
        "cp949"
    )
    client.force_login(curator)

    confirm(client, upload(client, content))

    assert Exhibit.objects.get().title_ko == "두만강을 건넌 신발"
    assert Exhibit.objects.get().province == "north_hamgyong"


def test_import_updates_by_object_number(client, curator):
    ExhibitFactory(object_number="DD-2024-001", title_en="Old title")
    client.force_login(curator)

    confirm(
        client,
        upload(client, csv_rows("DD-2024-001,배급표,New title,documents,,2009,good,").encode()),
    )

    assert list(Exhibit.objects.values_list("object_number", "title_en", "province")) == [
        ("DD-2024-001", "New title", "")
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("DD-2025-104,외투,Coat,clothing,Seoul,2010,good,", "Unknown value “Seoul”."),
        ("DD-2025-104,외투,Coat,weapons,ryanggang,2010,good,", "Unknown value “weapons”."),
        ("DD-2025-104,외투,Coat,clothing,ryanggang,2999,good,", "cannot be in the future."),
        (
            "DD-25-1,외투,Coat,clothing,ryanggang,2010,good,",
            "An object number looks like DD-2024-017",
        ),
        (
            "DD-2025-104,외투,Coat,clothing,ryanggang,abc,good,",
            "Enter a year as a number, not “abc”.",
        ),
        (
            "DD-2025-104,외투,Coat,clothing,ryanggang,2010,good,99999",
            "There is no lender number 99999.",
        ),
    ],
    ids=[
        "unknown-province",
        "unknown-category",
        "future-year",
        "bad-number",
        "bad-year",
        "no-lender",
    ],
)
def test_import_bad_row_is_shown_and_nothing_is_saved(client, curator, row, message):
    good = "DD-2025-105,배급표,Ration card,documents,ryanggang,2009,good,"
    client.force_login(curator)

    preview = upload(client, csv_rows(good, row).encode())

    html = preview.content.decode()
    assert "Some rows failed to validate" in html
    assert message in html
    assert 'name="import_file_name"' not in html
    assert Exhibit.objects.count() == 0


def test_import_duplicate_object_numbers_in_one_file_are_a_row_error(client, curator):
    client.force_login(curator)

    preview = upload(
        client,
        csv_rows(
            "DD-2025-106,외투,Coat,clothing,ryanggang,2010,good,",
            "DD-2025-106,신발,Shoes,clothing,ryanggang,2010,good,",
        ).encode(),
    )

    html = preview.content.decode()
    assert "Object number DD-2025-106 appears more than once in this file." in html
    assert Exhibit.objects.count() == 0


def test_import_is_all_or_nothing_even_when_confirmed_with_a_bad_row(client, curator):
    # A crafted confirm (skipping the preview) still rolls everything back.
    from exhibits.resources import ExhibitResource

    dataset = tablib.Dataset().load(
        csv_rows(
            "DD-2025-107,외투,Coat,clothing,ryanggang,2010,good,",
            "DD-2025-108,외투,Coat,clothing,Atlantis,2010,good,",
        ),
        format="csv",
    )

    result = ExhibitResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )

    assert result.has_validation_errors()
    assert Exhibit.objects.count() == 0


def test_import_ignores_private_lender_columns(client, curator):
    lender = LenderFactory(legal_name="Secretlegal Original", contact_email="orig@private.org")
    content = (
        HEADER
        + ",legal_name,contact_email,place_of_origin,is_published\n"
        + f"DD-2025-109,외투,Coat,clothing,ryanggang,2010,good,{lender.pk},"
        + "Hijack,x@evil.org,Musan,1\n"
    ).encode()
    client.force_login(curator)

    confirm(client, upload(client, content))

    lender.refresh_from_db()
    exhibit = Exhibit.objects.get()
    assert (lender.legal_name, lender.contact_email) == ("Secretlegal Original", "orig@private.org")
    assert (exhibit.place_of_origin, exhibit.is_published, Lender.objects.count()) == ("", False, 1)


def test_import_xlsx(client, curator):
    dataset = tablib.Dataset(headers=HEADER.split(","))
    dataset.append(
        ["DD-2025-110", "라디오", "Radio", "household", "north_hamgyong", 2013, "good", ""]
    )
    client.force_login(curator)

    confirm(client, upload(client, dataset.export("xlsx"), name="catalogue.xlsx", format_index="1"))

    assert list(Exhibit.objects.values_list("object_number", "title_en", "year_left")) == [
        ("DD-2025-110", "Radio", 2013)
    ]


def test_import_of_a_file_in_an_unknown_encoding_says_so(client, curator):
    client.force_login(curator)

    preview = upload(client, b"\xff\xfe\x00\xd8 not text \x81\x00\xff")

    assert (
        "neither UTF-8 nor CP949 (Korean Excel) text. Save it as CSV UTF-8."
        in preview.content.decode()
    )
    assert Exhibit.objects.count() == 0


def test_import_needs_the_add_permission(client):
    from tests.exhibits.conftest import staff_with

    client.force_login(staff_with("view_exhibit"))

    response = upload(client, csv_rows().encode())

    assert response.status_code == 403


def test_export_then_import_round_trips(client, curator):
    ExhibitFactory(object_number="DD-2024-001", title_ko="놋쇠 숟가락", title_en="Brass spoon")
    from tests.exhibits.test_admin_labels_export import export_csv

    client.force_login(curator)
    exported = export_csv(client).encode("utf-8-sig")
    Exhibit.objects.all().delete()

    confirm(client, upload(client, exported))

    assert list(Exhibit.objects.values_list("object_number", "title_ko", "title_en")) == [
        ("DD-2024-001", "놋쇠 숟가락", "Brass spoon")
    ]
    assert timezone.now()
    assert io
