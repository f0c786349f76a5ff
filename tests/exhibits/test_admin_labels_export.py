"""The curators' admin: printable labels and the catalogue export."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from events.models import AuditEntry
from events.privacy import Visibility
from exhibits.models import ExhibitImage
from tests.exhibits.conftest import exhibit_form, image_row, staff_with
from tests.factories import (
    DisplayFactory,
    EditionFactory,
    ExhibitFactory,
    LenderFactory,
)

pytestmark = pytest.mark.django_db
ADMIN = "/en/admin/exhibits"


# --- labels ----------------------------------------------------------------------------------


def test_labels_page_prints_both_titles_and_honours_label_consent(client, curator):
    edition = EditionFactory(year=2025)
    consenting = LenderFactory(display_name="김은희")
    refusing = LenderFactory(display_name="박철민", consent_label=False, consent_label_on=None)
    DisplayFactory(
        edition=edition,
        order=1,
        showcase="A-1",
        exhibit=ExhibitFactory(
            object_number="DD-2025-001",
            title_ko="석유 등잔",
            title_en="Kerosene lamp",
            label_text_en="Lit every night during power cuts.",
            lender=consenting,
        ),
    )
    DisplayFactory(
        edition=edition,
        order=2,
        exhibit=ExhibitFactory(object_number="DD-2025-002", lender=refusing),
    )
    client.force_login(curator)

    html = client.get("/en/exhibits/labels/2025/").content.decode()

    # The print styles are a static file (no inline style under the CSP).
    assert '<link rel="stylesheet" href="/static/css/labels.css">' in html
    numbers = re.findall(r'<p class="number">([^<]+)</p>', html)
    assert numbers == ["DD-2025-001 · A-1", "DD-2025-002"]
    assert '<h2 lang="ko">석유 등잔</h2>' in html
    assert '<p class="title-en" lang="en">Kerosene lamp</p>' in html
    assert '<p lang="en">Lit every night during power cuts.</p>' in html
    assert '<p lang="ko">설명</p>' in html
    assert re.findall(r'<p class="credit">([^<]+)</p>', html) == [
        "Lent by 김은희",
        "Lent by Anonymous lender",
    ]
    assert refusing.legal_name not in html


def test_labels_page_is_for_staff_only(client):
    EditionFactory(year=2025)

    response = client.get("/en/exhibits/labels/2025/")

    assert (response.status_code, response["Location"].split("?")[0]) == (
        302,
        "/en/admin/login/",
    )


def test_display_admin_links_to_the_labels(client, curator):
    DisplayFactory(edition=EditionFactory(year=2024))
    client.force_login(curator)

    html = client.get(f"{ADMIN}/display/").content.decode()

    assert '<a href="/en/exhibits/labels/2024/" class="viewlink">Print labels 2024</a>' in html


# --- export ----------------------------------------------------------------------------------

EXPORT_HEADER = (
    "object_number,title_ko,title_en,description_ko,description_en,story_ko,story_en,"
    "label_text_ko,label_text_en,category,materials_ko,materials_en,dimensions,period_made,"
    "province,year_left,condition,loan_received_on,loan_due_back_on,loan_returned_on,"
    "loan_agreement_signed,lender_id,credit_line,credit_line_press"
)


# Headers are the models' verbose names in the reader's language (here English).
EXPORT_LABELS = (
    "Object number,Title (Korean),Title (English),Description (Korean),Description (English),"
    "The lender's story (Korean),The lender's story (English),Label text (Korean),"
    "Label text (English),Category,Materials (Korean),Materials (English),Dimensions,"
    "Period made,Province of origin,Year it left the North,Condition,Loan received on,"
    "Loan due back on,Loan returned on,Loan agreement signed,Lender number,Credit line (web),"
    "Credit line (press)"
)


EXPORT_FIELDS = [
    *EXPORT_HEADER.split(",")[:-3],
    "lender",
    "web_credit_line",
    "press_credit_line",
]


def export_csv(client) -> str:
    response = client.post(
        f"{ADMIN}/exhibit/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"exhibitresource_{f}": "on" for f in EXPORT_FIELDS},
        },
    )
    assert response.status_code == 200, response.content[:500]
    content = response.content
    assert content.startswith("\ufeff".encode())
    return content.decode("utf-8-sig")


def test_export_csv_lists_public_fields_only_escapes_formulas_and_is_audited(client, curator):
    lender = LenderFactory(
        visibility=Visibility.ANONYMOUS, legal_name="Secretlegal Kim", contact_email="k@private.org"
    )
    ExhibitFactory(
        object_number="DD-2024-001",
        title_en='=HYPERLINK("http://evil")',
        lender=lender,
        place_of_origin="Musan, house 12",
    )
    client.force_login(curator)

    csv_text = export_csv(client)

    lines = csv_text.splitlines()
    assert lines[0] == EXPORT_LABELS
    assert "'=HYPERLINK" in lines[1]
    assert lines[1].endswith(",Anonymous lender,Anonymous lender")
    for secret in ("Secretlegal", "k@private.org", "010-0000-0000", "Musan"):
        assert secret not in csv_text
    entry = AuditEntry.objects.get(action="export")
    assert (entry.target, entry.row_count, entry.user) == ("exhibits.Exhibit", 1, curator)


def test_export_needs_the_export_permission(client):
    ExhibitFactory()
    client.force_login(staff_with("view_exhibit"))

    response = client.post(f"{ADMIN}/exhibit/export/", {"format": "0"})

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == 0


@pytest.mark.parametrize(
    ("save_format", "file_name", "stored_extension"),
    [("HEIF", "IMG_0002.HEIC", ".jpg"), ("WEBP", "coat.webp", ".webp"), ("PNG", "c.png", ".png")],
)
def test_exhibit_admin_accepts_iphone_heic_webp_and_png(
    client, curator, save_format, file_name, stored_extension
):
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 100, 50)).save(out, format=save_format)
    client.force_login(curator)
    upload = SimpleUploadedFile(file_name, out.getvalue())

    response = client.post(f"{ADMIN}/exhibit/add/", exhibit_form(**image_row(upload)))

    assert response.status_code == 302
    image = ExhibitImage.objects.get()
    assert image.original.name.endswith(stored_extension)
    assert (image.width, image.height) == (320, 240)
    assert Image.open(image.display.open("rb")).size == (320, 240)


def test_export_credit_lines_honour_web_and_press_consent(client, curator):
    lender = LenderFactory(display_name="김은희", consent_press=False, consent_press_on=None)
    ExhibitFactory(lender=lender)
    client.force_login(curator)

    lines = export_csv(client).splitlines()

    assert lines[1].endswith(",김은희,Anonymous lender")


def test_lender_admin_withdrawing_web_consent_hides_the_name_at_once(client, curator, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    lender = LenderFactory(display_name="김은희", visibility=Visibility.NAMED)
    exhibit = ExhibitFactory(lender=lender)
    page = f"/en/exhibits/{exhibit.object_number}/"
    before = client.get(page).content.decode()
    client.force_login(curator)

    client.post(
        f"{ADMIN}/lender/{lender.pk}/change/",
        {
            "display_name": "김은희",
            "visibility": "named",
            "consent_web_on": "2025-07-02",
            "consent_label": "on",
            "consent_label_on": "2024-05-01",
        },
    )
    after = Client().get(page).content.decode()  # a visitor without a session: cached path

    lender.refresh_from_db()
    assert (lender.consent_web, lender.consent_web_on) == (False, dt.date(2025, 7, 2))
    assert '<dd class="credit-line">Lent by 김은희</dd>' in before
    assert '<dd class="credit-line">Lent by Anonymous lender</dd>' in after


def test_labels_page_needs_the_display_permission(client):
    EditionFactory(year=2025)
    client.force_login(staff_with("view_exhibit"))

    assert client.get("/en/exhibits/labels/2025/").status_code == 403


def test_export_xlsx_has_the_same_public_columns(client, curator):
    import openpyxl

    ExhibitFactory(object_number="DD-2024-001", title_ko="식량 배급표")
    client.force_login(curator)

    response = client.post(
        f"{ADMIN}/exhibit/export/",
        {"format": "1", "resource": "0", **{f"exhibitresource_{f}": "on" for f in EXPORT_FIELDS}},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ",".join(rows[0]) == EXPORT_LABELS
    assert rows[1][:2] == ("DD-2024-001", "식량 배급표")
    assert "Secretlegal" not in repr(rows)


def test_exhibit_admin_links_to_the_labels_beside_import_and_export(client, curator):
    DisplayFactory(edition=EditionFactory(year=2025))
    client.force_login(curator)

    html = client.get(f"{ADMIN}/exhibit/").content.decode()

    assert '<a href="/en/exhibits/labels/2025/" class="viewlink">Print labels 2025</a>' in html
    assert "href='/en/admin/exhibits/exhibit/import/'" in html
    assert 'href="/en/admin/exhibits/exhibit/export/' in html
