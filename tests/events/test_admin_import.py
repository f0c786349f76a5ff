"""The programme's spreadsheet import and export in the admin: encodings, all or nothing,
private fields never touched, audit."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from events.models import AuditEntry, Performer, ProgramItem
from tests.factories import (
    PerformerFactory,
    ProgramItemFactory,
    UserFactory,
    seoul,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CSV, XLSX = 0, 1


HEADER = (
    "id,edition,stage,kind,title_ko,title_en,description_ko,description_en,"
    "starts_at,ends_at,capacity,is_published"
)


def _upload(name: str, data: bytes):
    file = io.BytesIO(data)
    file.name = name
    return file


def import_file(client, model: str, name: str, data: bytes, file_format: int):
    """The admin's two steps: the dry-run preview, then (if it offers one) the confirmation."""
    url = reverse(f"admin:events_{model}_import")
    preview = client.post(url, {"format": file_format, "import_file": _upload(name, data)})
    confirm_form = preview.context.get("confirm_form") if preview.context else None
    if confirm_form is None:
        return preview, None
    confirmed = client.post(
        reverse(f"admin:events_{model}_process_import"),
        {**confirm_form.initial},
    )
    return preview, confirmed


def csv_rows(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


GOOD_ROWS = (
    ",2025,대강당,ceremony,추모식,Memorial ceremony,,,2025-07-14 10:00,2025-07-14 11:00,300,1",
    ",2025,야외무대,performance,합창,Choir,,,2025-07-14 10:30,2025-07-14 11:30,,1",
)


def test_admin_import_csv_valid_rows_creates_items_and_audits(client, organiser, edition):
    _preview, confirmed = import_file(
        client, "programitem", "items.csv", csv_rows(*GOOD_ROWS).encode(), CSV
    )

    assert confirmed.status_code == 302
    items = ProgramItem.objects.order_by("starts_at")
    assert [(i.title_ko, i.stage.name_ko, i.starts_at, i.capacity) for i in items] == [
        ("추모식", "대강당", seoul(edition, 10), 300),
        ("합창", "야외무대", seoul(edition, 10, 30), None),
    ]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert (entry.user, entry.target, entry.row_count) == (organiser, "events.ProgramItem", 2)


def test_admin_import_with_bad_rows_imports_nothing_and_shows_errors(client, organiser, edition):
    data = csv_rows(
        GOOD_ROWS[0],
        ",2025,대강당,talk,겹치는 대담,,,,2025-07-14 10:30,2025-07-14 11:30,,1",
        ",2025,대강당,talk,거꾸로,,,,2025-07-14 15:00,2025-07-14 14:00,,1",
        ",2025,없는무대,talk,무대 없음,,,,2025-07-14 16:00,2025-07-14 17:00,,1",
    ).encode()

    preview, confirmed = import_file(client, "programitem", "items.csv", data, CSV)

    assert confirmed is None
    assert ProgramItem.objects.count() == 0
    result = preview.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    body = preview.content.decode()
    assert "The stage is already booked for “Memorial ceremony” from 10:00 AM to 11:00 AM." in body
    assert "An item must end after it starts." in body
    assert "There is no stage called “없는무대” in the 2025 edition." in body


def test_admin_import_utf8_with_bom(client, organiser, edition):
    data = "\ufeff".encode() + csv_rows(GOOD_ROWS[0]).encode("utf-8")

    _, confirmed = import_file(client, "programitem", "bom.csv", data, CSV)

    assert confirmed.status_code == 302
    assert list(ProgramItem.objects.values_list("title_ko", flat=True)) == ["추모식"]


def test_admin_import_cp949_from_korean_excel(client, organiser, edition):
    data = csv_rows(GOOD_ROWS[1]).encode("cp949")

    _, confirmed = import_file(client, "programitem", "excel.csv", data, CSV)

    assert confirmed.status_code == 302
    assert list(ProgramItem.objects.values_list("title_ko", "stage__name_ko")) == [
        ("합창", "야외무대")
    ]


def test_admin_import_of_new_items_needs_no_id_column(client, organiser, edition):
    header = HEADER.removeprefix("id,")
    data = f"{header}\r\n{GOOD_ROWS[1].removeprefix(',')}\r\n".encode("cp949")

    preview, confirmed = import_file(client, "programitem", "new.csv", data, CSV)

    assert "Traceback" not in preview.content.decode()
    assert confirmed.status_code == 302
    assert list(ProgramItem.objects.values_list("title_ko", "stage__name_ko")) == [
        ("합창", "야외무대")
    ]


def test_admin_import_undecodable_csv_gives_clear_message(client, organiser, edition):
    data = csv_rows(GOOD_ROWS[0]).encode("utf-16")

    preview, confirmed = import_file(client, "programitem", "odd.csv", data, CSV)

    assert confirmed is None
    assert preview.status_code == 200
    assert ProgramItem.objects.count() == 0
    assert "UTF-8" in preview.content.decode()


def test_admin_import_wrong_headers_imports_nothing_with_message(client, organiser, edition):
    data = "name,when\n추모식,10:00\n".encode()

    preview, confirmed = import_file(client, "programitem", "wrong.csv", data, CSV)

    assert confirmed is None
    assert ProgramItem.objects.count() == 0
    body = preview.content.decode()
    assert "missing columns: Edition, Stage, Title (Korean), Starts at, Ends at" in body
    assert "unknown columns: name, when" in body


def test_admin_import_xlsx_with_empty_rows(client, organiser, edition):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            None,
            2025,
            "대강당",
            "ceremony",
            "추모식",
            "Memorial",
            None,
            None,
            dt.datetime(2025, 7, 14, 10),  # noqa: DTZ001 (Excel cells are naive)
            dt.datetime(2025, 7, 14, 11),  # noqa: DTZ001
            300,
            1,
        ]
    )
    sheet.append([None] * 12)
    sheet.append(["", "", "  ", None, None, None, None, None, None, None, None, None])
    stream = io.BytesIO()
    book.save(stream)

    _, confirmed = import_file(client, "programitem", "items.xlsx", stream.getvalue(), XLSX)

    assert confirmed.status_code == 302
    item = ProgramItem.objects.get()
    assert (item.title_ko, item.starts_at, item.ends_at) == (
        "추모식",
        seoul(edition, 10),
        seoul(edition, 11),
    )


def test_admin_import_performers_never_touches_private_fields(client, organiser):
    performer = PerformerFactory(display_name="봄바람", legal_name="김비밀", is_published=False)
    data = (
        "id,kind,display_name,visibility,bio_ko,bio_en,photo_consent,is_published\n"
        f"{performer.pk},person,봄바람,pseudonym,소개,Bio,0,1\n"
        ",group,새 합창단,named,,,0,0\n"
    ).encode()

    _, confirmed = import_file(client, "performer", "performers.csv", data, CSV)

    assert confirmed.status_code == 302
    performer.refresh_from_db()
    assert (performer.legal_name, performer.visibility, performer.is_published) == (
        "김비밀",
        "pseudonym",
        True,
    )
    assert performer.published_by == organiser
    assert Performer.objects.filter(display_name="새 합창단", is_published=False).exists()


# Exported headers are the models' verbose names in the reader's language (here English).
PERFORMER_LABELS = (
    "ID,Kind,Display name,Visibility,Biography (Korean),Biography (English),Preferred language,"
    "Consents to the photo being shown,Published"
)
ITEM_LABELS = [
    "ID",
    "Edition",
    "Stage",
    "Kind",
    "Title (Korean)",
    "Title (English)",
    "Description (Korean)",
    "Description (English)",
    "Starts at",
    "Ends at",
    "Seats",
    "Published",
]
PERFORMER_HEADER = (
    "id,kind,display_name,visibility,bio_ko,bio_en,preferred_language,photo_consent,is_published"
)


def test_admin_import_performers_bad_language_is_a_row_error(client, organiser):
    data = (
        f"{PERFORMER_HEADER}\n"
        ",person,봄바람,pseudonym,,,en,0,0\n"
        ",person,청진의 바람,pseudonym,,,français,0,0\n"
    ).encode()

    preview, confirmed = import_file(client, "performer", "performers.csv", data, CSV)

    assert confirmed is None
    assert preview.status_code == 200
    assert Performer.objects.count() == 0
    assert (
        "“français” is not a language we write emails in. Use one of: ko (Korean), en (English)."
        in preview.content.decode()
    )


def test_admin_import_performers_bad_language_message_is_korean_in_korean(client, organiser):
    data = f"{PERFORMER_HEADER}\n,person,봄바람,pseudonym,,,fr,0,0\n".encode()

    with translation.override("ko"):
        preview, _ = import_file(client, "performer", "performers.csv", data, CSV)

    assert (
        "“fr”은(는) 이메일에 쓸 수 있는 언어가 아닙니다. "
        "쓸 수 있는 언어는 ko (한국어), en (영어)입니다."
    ) in preview.content.decode()


def test_admin_import_performers_language_by_code_or_name_blank_keeps_it(client, organiser):
    kept = PerformerFactory(display_name="그대로", preferred_language="en")
    data = (
        f"{PERFORMER_HEADER}\n"
        ",person,가,named,,,EN,0,0\n"
        ",person,나,named,,,영어,0,0\n"
        ",person,다,named,,,Korean,0,0\n"
        ",person,라,named,,,,0,0\n"
        f"{kept.pk},person,그대로,named,,,,0,0\n"
    ).encode()

    _, confirmed = import_file(client, "performer", "performers.csv", data, CSV)

    assert confirmed.status_code == 302
    assert dict(Performer.objects.values_list("display_name", "preferred_language")) == {
        "가": "en",
        "나": "en",
        "다": "ko",
        "라": "ko",
        "그대로": "en",
    }


def test_admin_export_performers_has_the_language_column(client, organiser):
    PerformerFactory(display_name="봄바람", preferred_language="en")

    response = client.post(
        reverse("admin:events_performer_export"),
        {
            "format": CSV,
            "resource": 0,
            **{f"performerresource_{f}": "on" for f in PERFORMER_HEADER.split(",")},
        },
    )

    lines = response.content.decode().splitlines()
    assert lines[0] == PERFORMER_LABELS
    assert lines[1].split(",")[2:7] == ["봄바람", "named", "", "", "en"]


def test_admin_export_performers_lists_no_private_field_and_audits(client, organiser):
    PerformerFactory(display_name='=HYPERLINK("x")', legal_name="김비밀", contact_email="s@p.org")

    response = client.post(
        reverse("admin:events_performer_export"),
        {
            "format": CSV,
            "resource": 0,
            **{
                f"performerresource_{f}": "on"
                for f in (
                    "id",
                    "kind",
                    "display_name",
                    "visibility",
                    "bio_ko",
                    "bio_en",
                    "photo_consent",
                    "is_published",
                )
            },
        },
    )

    body = response.content.decode()
    assert body.splitlines()[0] == (
        "ID,Kind,Display name,Visibility,Biography (Korean),Biography (English),"
        "Consents to the photo being shown,Published"
    )
    assert "김비밀" not in body
    assert "s@p.org" not in body
    assert "'=HYPERLINK" in body
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.target, entry.row_count) == ("events.Performer", 1)


def test_admin_export_needs_the_export_permission(client, edition):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_performer", "change_performer"])
    )
    client.force_login(staff)

    response = client.post(reverse("admin:events_performer_export"), {"format": CSV})

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 0


def test_admin_export_items_xlsx_has_seoul_times_and_explicit_columns(client, organiser, edition):
    hall = edition.stages.get(name_ko="대강당")
    ProgramItemFactory(
        edition=edition, stage=hall, title_ko="추모식", starts_at=seoul(edition, 10), capacity=300
    )
    columns = HEADER.split(",")

    response = client.post(
        reverse("admin:events_programitem_export"),
        {"format": XLSX, "resource": 0, **{f"programitemresource_{c}": "on" for c in columns}},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ITEM_LABELS
    row = dict(zip(columns, rows[1], strict=True))
    assert (row["edition"], row["stage"], row["title_ko"], row["capacity"]) == (
        2025,
        "대강당",
        "추모식",
        300,
    )
    assert str(row["starts_at"]).startswith("2025-07-14 10:00")


def test_import_export_screens_and_the_finished_message_are_in_korean(client, organiser, edition):
    # django-import-export's own words, from our catalogue (locale/ko): issue 17, item 1.
    with translation.override("ko"):
        export_page = client.get(reverse("admin:events_programitem_export")).content.decode()
        import_page = client.get(reverse("admin:events_programitem_import")).content.decode()
        _preview, confirmed = import_file(
            client, "programitem", "items.csv", csv_rows(*GOOD_ROWS).encode(), CSV
        )
        changelist = client.get(confirmed["Location"]).content.decode()

    assert "다음 항목을 내보냅니다." in export_page
    assert "다음 항목을 가져옵니다." in import_page
    assert "가져오기를 마쳤습니다. 신규 2건, 수정 0건, 삭제 0건, 건너뜀 0건" in changelist
    for page in (export_page, import_page, changelist):
        assert "This exporter will export" not in page
        assert "This importer will import" not in page
        assert "Import finished" not in page
