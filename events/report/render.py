"""From the registered sections to HTML (the one template every language uses) and to a PDF.

The HTML holds counts only: each value goes through ``sections.cell`` (people as "<5" below
five), after ``suppression.report_suppress`` has withheld what would give a "<5" away. Tests
read this HTML to check that no one's name or address ever reaches the PDF.
"""

import dataclasses

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import SEOUL, Edition
from events.report.sections import (
    SMALLEST_GROUP,
    SectionContent,
    SumGroup,
    Table,
    cell,
    registered_report_sections,
)
from events.report.suppression import report_suppress

# Editions shown in the comparison: this one and at most this many before it.
PREVIOUS_EDITIONS = 4
# The longest bar's share of its cell, leaving room for the number beside it.
BAR_WIDTH_PERCENT = 70


@dataclasses.dataclass
class RenderedTable:
    caption: str
    headings: list[str]
    rows: list[list[dict]]


def _drawn(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= SMALLEST_GROUP


def _rendered_table(table: Table) -> RenderedTable:
    bar_top = 0
    if table.bar_column is not None:
        bar_top = max((v for row in table.rows if _drawn(v := row[table.bar_column])), default=0)
    rows = []
    for row in table.rows:
        cells = []
        for index, value in enumerate(row):
            text = cell(value)
            bar = 0
            # A bar only for a number that is printed: a "<5" gets none, so its length
            # cannot be measured against the others.
            if index == table.bar_column and bar_top and _drawn(value):
                bar = round(BAR_WIDTH_PERCENT * value / bar_top)
            cells.append({"text": text, "bar": bar})
        rows.append(cells)
    return RenderedTable(str(table.caption), [str(h) for h in table.headings], rows)


def _comparison(edition: Edition, sections) -> SectionContent | None:
    """The key figures of this edition and up to PREVIOUS_EDITIONS before it, as one table
    whose sums (the last column's totals of this report's cells) are suppressed with the rest."""
    editions = list(
        Edition.objects.filter(year__lte=edition.year).order_by("-year")[: PREVIOUS_EDITIONS + 1]
    )[::-1]
    if len(editions) < 2:
        return None
    rows: list[list[object]] = []
    sums = []
    for section in sections:
        if section.compare is None:
            continue
        for label, per_edition, *adds_up in section.compare(editions):
            if adds_up:
                this_edition = ("table", 0, len(rows), len(editions))
                sums.append(SumGroup(this_edition, tuple(("key", key) for key in adds_up[0])))
            rows.append([label, *(per_edition.get(e.pk, 0) for e in editions)])
    table = Table(
        caption=_("Key figures of this edition and the ones before it"),
        headings=[_("Figure"), *(str(e.year) for e in editions)],
        rows=rows,
    )
    return SectionContent(tables=[table], sums=sums)


def report_context(*, edition: Edition) -> dict:
    """Every registered section built for ``edition`` in the active language."""
    sections = registered_report_sections()
    contents = [section.build(edition) for section in sections]
    comparison = _comparison(edition, sections)
    # Suppressed together: a sum may add up cells of two sections, or of the comparison.
    suppressed = report_suppress([*contents, *([comparison] if comparison else [])])
    built = []
    for section, content in zip(sections, suppressed[: len(sections)], strict=True):
        built.append(
            {
                "key": section.key,
                "title": str(section.title),
                "empty": content.empty,
                "figures": [(str(label), cell(value)) for label, value in content.figures],
                "tables": [_rendered_table(table) for table in content.tables],
                "notes": [str(note) for note in content.notes],
            }
        )
    return {
        "edition": edition,
        "sections": built,
        "has_data": any(not section["empty"] for section in built),
        "comparison": {
            "table": _rendered_table(suppressed[-1].tables[0]),
            "notes": [str(note) for note in suppressed[-1].notes],
        }
        if comparison
        else None,
    }


def report_html(*, edition: Edition, language: str, now=None) -> str:
    """The report as HTML in ``language`` (the PDF is made from exactly this)."""
    with translation.override(language), timezone.override(SEOUL):
        context = report_context(edition=edition)
        context["generated_at"] = timezone.localtime(now or timezone.now(), SEOUL)
        return render_to_string("events/report/report.html", context)


def report_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    return HTML(string=html).write_pdf()
