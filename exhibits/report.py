"""The catalogue's section of the ministry's report: objects shown at the edition and their
lenders by visibility. Counts only: no lender's name (not even a public one), no object number."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Edition
from events.privacy import Visibility
from events.report import ReportSection, Table, things
from events.report.sections import Comparison, SectionContent, column_sum
from exhibits.models import Category, Display, Lender


def exhibits_section(edition: Edition) -> SectionContent:
    shown = Display.objects.filter(edition=edition)
    by_category = dict(
        shown.order_by()
        .values("exhibit__category")
        .annotate(n=Count("exhibit", distinct=True))
        .values_list("exhibit__category", "n")
    )
    objects = shown.aggregate(n=Count("exhibit", distinct=True))["n"]
    lenders = dict(
        Lender.objects.filter(exhibits__displays__edition=edition)
        .order_by()
        .values("visibility")
        .annotate(n=Count("id", distinct=True))
        .values_list("visibility", "n")
    )
    without_lender = shown.filter(exhibit__lender__isnull=True).aggregate(
        n=Count("exhibit", distinct=True)
    )["n"]
    return SectionContent(
        figures=[
            (_("Objects shown"), things(objects)),
            (_("Lenders of the objects shown"), sum(lenders.values())),
            (_("Objects shown with no lender recorded"), things(without_lender)),
        ],
        tables=[
            Table(
                caption=_("Objects shown by category"),
                headings=[_("Category"), _("Objects")],
                rows=[
                    [label, things(by_category.get(code, 0))] for code, label in Category.choices
                ],
            ),
            Table(
                caption=_("Lenders by how they chose to be credited"),
                headings=[_("Credited as"), _("Lenders")],
                rows=[[label, lenders.get(code, 0)] for code, label in Visibility.choices],
            ),
        ],
        empty=not objects,
        # Each lender chose one way to be credited: the rows add up to the lenders.
        sums=[column_sum(("figure", 1), table=1, column=1, rows=len(Visibility.choices))],
    )


def exhibits_compare(editions: list[Edition]) -> Comparison:
    shown = dict(
        Display.objects.filter(edition__in=editions)
        .order_by()
        .values("edition_id")
        .annotate(n=Count("exhibit", distinct=True))
        .values_list("edition_id", "n")
    )
    lenders = dict(
        Display.objects.filter(edition__in=editions, exhibit__lender__isnull=False)
        .order_by()
        .values("edition_id")
        .annotate(n=Count("exhibit__lender", distinct=True))
        .values_list("edition_id", "n")
    )
    return [
        (_("Objects shown"), {pk: things(n) for pk, n in shown.items()}),
        (_("Lenders of the objects shown"), lenders),
    ]


SECTIONS = [
    ReportSection("exhibits", gettext_lazy("Exhibits"), 40, exhibits_section, exhibits_compare),
]
