"""The ministry's report: sections contributed by each app, counts only, small groups as "<5",
no personal data in the HTML the PDF is made from, and a valid A4 PDF even with no data."""

import pytest
from django.utils import translation

from events.report import registered_report_sections, small_count, things
from events.report.render import report_context, report_html, report_pdf
from events.report.sections import (
    ReportSection,
    SectionContent,
    Table,
    cell,
    register_report_section,
    unregister_report_section,
)
from participants.models import Reminder, Rsvp
from tests.factories import (
    AppearanceFactory,
    DisplayFactory,
    EditionFactory,
    ExhibitFactory,
    LenderFactory,
    PerformerFactory,
    ProductFactory,
    ProgramItemFactory,
    ReminderFactory,
    RsvpFactory,
    StageFactory,
    StallApplicationFactory,
    UserFactory,
    VendorFactory,
    seoul,
)

pytestmark = pytest.mark.django_db


def _figures(context: dict, key: str) -> dict[str, str]:
    section = next(s for s in context["sections"] if s["key"] == key)
    return dict(section["figures"])


def _context(edition, language="en") -> dict:
    with translation.override(language):
        return report_context(edition=edition)


def test_report_sections_are_registered_by_their_apps():
    assert [section.key for section in registered_report_sections()] == [
        "attendance",
        "reach",
        "market",
        "exhibits",
        "outbox",
        "survey",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "0"), (0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12345, "12,345")],
)
def test_small_count_writes_groups_under_five_as_less_than_five(value, shown):
    with translation.override("en"):
        assert small_count(value) == shown


def test_cell_suppresses_counts_of_people_and_keeps_counts_of_things():
    assert cell(3) == "<5"
    assert cell(things(3)) == "3"
    assert cell(None) == "\u2013"
    assert cell("Talk") == "Talk"
    with pytest.raises(TypeError):
        cell(True)


def test_report_suppresses_small_groups_in_every_section():
    edition = EditionFactory(year=2025)
    for _ in range(3):
        RsvpFactory(
            edition=edition, status=Rsvp.Status.CHECKED_IN, checked_in_at=seoul(edition, 10)
        )
    approved = VendorFactory()
    StallApplicationFactory(edition=edition, vendor=approved, status="approved", sells_food=True)
    ProductFactory(vendor=approved, provenance="north_imported")
    DisplayFactory(edition=edition, exhibit=ExhibitFactory())
    for _ in range(2):
        ReminderFactory(edition=edition, status=Reminder.Status.SENT)

    context = _context(edition)

    assert _figures(context, "attendance")["Checked in at the gate (people)"] == "<5"
    assert _figures(context, "reach")["Accounts that booked the day or an item"] == "<5"
    assert _figures(context, "market")["Vendors approved"] == "<5"
    assert _figures(context, "exhibits")["Lenders of the objects shown"] == "<5"
    assert _figures(context, "exhibits")["Objects shown"] == "1"  # objects are not people
    assert _figures(context, "outbox")["Messages sent"] == "<5"
    by_hour = context["sections"][0]["tables"][0]
    assert [[c["text"] for c in row] for row in by_hour.rows] == [["10:00 AM–11:00 AM", "<5"]]  # noqa: RUF001
    assert by_hour.rows[0][1]["bar"] == 0  # no bar whose length would tell the number


def test_report_attendance_counts_people_by_party_and_item():
    edition = EditionFactory(year=2025)
    item = ProgramItemFactory(edition=edition, capacity=50, title_en="Memorial ceremony")
    RsvpFactory(
        edition=edition,
        party_size=4,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 9, 30),
    )
    RsvpFactory(
        edition=edition,
        party_size=3,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 9, 50),
    )
    RsvpFactory(edition=edition, party_size=5, status=Rsvp.Status.CONFIRMED)
    for _ in range(6):
        RsvpFactory(edition=edition, item=item, status=Rsvp.Status.CONFIRMED)

    context = _context(edition)

    figures = _figures(context, "attendance")
    assert figures["Booked for the day (people)"] == "12"
    assert figures["Checked in at the gate (people)"] == "7"
    assert figures["No-shows (booked, never checked in)"] == "5"
    attendance = context["sections"][0]
    by_item = attendance["tables"][1]
    assert [[c["text"] for c in row] for row in by_item.rows] == [
        ["Memorial ceremony", "10:00 AM", "6", "0", "6"]
    ]
    by_hour = attendance["tables"][0]
    assert [[c["text"] for c in row] for row in by_hour.rows] == [["9:00 AM–10:00 AM", "7"]]  # noqa: RUF001
    assert by_hour.rows[0][1]["bar"] == 70
    korean = _context(edition, "ko")["sections"][0]["tables"]
    assert [row[1]["text"] for row in korean[1].rows] == ["오전 10:00"]
    assert [row[0]["text"] for row in korean[0].rows] == ["오전 9:00~오전 10:00"]


def test_report_html_holds_no_personal_data():
    edition = EditionFactory(year=2025)
    secrets = []
    for i in range(6):
        user = UserFactory(name=f"Zyxquor Personname{i}", email=f"zyxquor{i}@secret.example.org")
        rsvp = RsvpFactory(
            edition=edition,
            user=user,
            status=Rsvp.Status.CHECKED_IN,
            checked_in_at=seoul(edition, 11),
            other_needs=f"Zyxquor needs{i}",
        )
        ReminderFactory(
            edition=edition, recipient=user, recipient_email=user.email, status=Reminder.Status.SENT
        )
        secrets += [user.name, user.email, rsvp.ticket_code, rsvp.other_needs]
    vendor = VendorFactory(
        legal_name="Zyxquor Legalvendor",
        display_name_en="Zyxquor Shop",
        display_name_ko="지익스 가게",
        contact_email="shop@secret.example.org",
    )
    StallApplicationFactory(edition=edition, vendor=vendor, status="approved")
    lender = LenderFactory(
        display_name="Zyxquor Lendername",
        legal_name="Zyxquor Legallender",
        contact_email="lender@secret.example.org",
    )
    DisplayFactory(
        edition=edition, exhibit=ExhibitFactory(lender=lender, object_number="DD-2025-777")
    )
    performer = PerformerFactory(display_name="Zyxquor Singer", legal_name="Zyxquor Legalsinger")
    AppearanceFactory(item=ProgramItemFactory(edition=edition), performer=performer)
    secrets += [
        vendor.legal_name,
        vendor.display_name_en,
        vendor.display_name_ko,
        vendor.contact_email,
        lender.display_name,
        lender.legal_name,
        lender.contact_email,
        "DD-2025-777",
        performer.display_name,
        performer.legal_name,
    ]

    pages = [report_html(edition=edition, language=language) for language in ("ko", "en")]

    for page in pages:
        assert "Zyxquor" not in page
        assert "secret.example.org" not in page
        for secret in secrets:
            assert secret not in page
    assert "6" in _figures(_context(edition), "attendance")["Checked in at the gate (people)"]


def test_report_for_an_edition_with_no_data_is_a_valid_pdf_saying_so():
    edition = EditionFactory(year=2031)

    html = report_html(edition=edition, language="en")
    pdf = report_pdf(html)

    assert "No data has been recorded for this edition yet" in html
    assert html.count("Nothing was recorded for this section.") == 5
    assert html.count("No survey was run for this edition.") == 1
    assert "The day is not over yet" not in html
    assert "This is the first edition on record" in html
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


def test_report_pdf_is_a4_with_page_numbers_in_korean_fonts():
    from weasyprint import HTML

    edition = EditionFactory(year=2025)
    RsvpFactory(
        edition=edition,
        party_size=5,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 10),
    )
    html = report_html(edition=edition, language="ko")

    document = HTML(string=html).render()

    assert len(document.pages) >= 2
    # A4 is 210 mm x 297 mm: 793.7 x 1122.5 CSS pixels.
    assert (round(document.pages[0].width), round(document.pages[0].height)) == (794, 1123)
    assert 'counter(page) " / " counter(pages)' in html
    assert '"Noto Sans CJK KR"' in html
    assert "참석" in html


def test_report_compares_with_previous_editions():
    old = EditionFactory(year=2024)
    new = EditionFactory(year=2025)
    for _ in range(8):
        RsvpFactory(edition=old)
    RsvpFactory(edition=new)

    comparison = _context(new)["comparison"]["table"]

    assert comparison.headings == ["Figure", "2024", "2025"]
    booked = next(row for row in comparison.rows if row[0]["text"] == "Booked for the day (people)")
    assert [c["text"] for c in booked] == ["Booked for the day (people)", "8", "<5"]


def test_report_shows_a_section_another_app_registers():
    def survey_section(edition):
        return SectionContent(
            figures=[("People who answered", 12)],
            tables=[Table("Ratings", ["Question", "People"], [["Overall", 3]])],
        )

    register_report_section(ReportSection("guestbook", "Guest book", 70, survey_section))
    try:
        html = report_html(edition=EditionFactory(year=2025), language="en")
    finally:
        unregister_report_section("guestbook")

    assert '<section id="section-guestbook">' in html
    assert '<th scope="row">People who answered</th><td class="number">12</td>' in html
    assert '<th scope="row">Overall</th><td class="number">&lt;5</td>' in html


def test_report_reach_counts_items_of_one_kind_at_different_times():
    edition = EditionFactory(year=2025)
    stage = StageFactory(edition=edition)
    for hour in (10, 12, 14):
        ProgramItemFactory(
            edition=edition, stage=stage, kind="talk", starts_at=seoul(edition, hour)
        )

    context = _context(edition)

    assert _figures(context, "reach")["Published programme items"] == "3"
    by_kind = next(s for s in context["sections"] if s["key"] == "reach")["tables"][0]
    assert [[c["text"] for c in row] for row in by_kind.rows] == [["Talk", "3", "0", "0"]]


def test_report_counts_walk_ins_among_the_people_checked_in():
    edition = EditionFactory(year=2025)
    RsvpFactory(
        edition=edition,
        party_size=5,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 9, 30),
    )
    RsvpFactory(
        edition=edition,
        party_size=6,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 10, 15),
        is_walk_in=True,
    )

    figures = _figures(_context(edition), "attendance")

    assert figures["Checked in at the gate (people)"] == "11"
    assert figures["of whom walk-ins without a booking"] == "6"
