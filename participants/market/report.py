"""The market's section of the ministry's report: vendors, what they sold and where it came
from. Vendors are counted, never named (a vendor is often one person); small groups are "<5"."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Edition
from events.report import ReportSection, Table, things
from events.report.sections import Comparison, SectionContent
from participants.market.models import Category
from participants.models import Product, Stall, StallApplication

APPROVED = StallApplication.Status.APPROVED
CATEGORY_FLAGS = {
    Category.FOOD: "sells_food",
    Category.LIQUOR: "sells_liquor",
    Category.CLOTHING: "sells_clothing",
    Category.CRAFTS: "sells_crafts",
    Category.OTHER: "sells_other",
}


def market_section(edition: Edition) -> SectionContent:
    applications = StallApplication.objects.filter(edition=edition).exclude(
        status=StallApplication.Status.DRAFT
    )
    totals = applications.aggregate(
        received=Count("id"),
        approved=Count("vendor", filter=Q(status=APPROVED), distinct=True),
        **{
            category: Count("vendor", filter=Q(status=APPROVED, **{flag: True}), distinct=True)
            for category, flag in CATEGORY_FLAGS.items()
        },
    )
    # What the approved vendors offer: vendors per provenance (a vendor counts once per kind).
    products = Product.objects.filter(
        vendor__applications__edition=edition, vendor__applications__status=APPROVED
    )
    provenance = {
        row["provenance"]: row
        for row in products.order_by()
        .values("provenance")
        .annotate(vendors=Count("vendor", distinct=True), products=Count("id", distinct=True))
    }
    stalls = Stall.objects.filter(stage__edition=edition).aggregate(
        total=Count("id", distinct=True),
        taken=Count("id", filter=Q(applications__status=APPROVED), distinct=True),
    )
    return SectionContent(
        figures=[
            (_("Stall applications received"), totals["received"]),
            (_("Vendors approved"), totals["approved"]),
            (_("Stalls taken"), things(stalls["taken"])),
            (_("Stalls planned"), things(stalls["total"])),
        ],
        tables=[
            Table(
                caption=_("Approved vendors by what they sell (a vendor may sell several)"),
                headings=[_("Category"), _("Vendors")],
                rows=[[label, totals[category]] for category, label in Category.choices],
            ),
            Table(
                caption=_("Where the goods of approved vendors come from"),
                headings=[_("Provenance"), _("Vendors"), _("Products")],
                rows=[
                    [
                        label,
                        provenance.get(code, {}).get("vendors", 0),
                        things(provenance.get(code, {}).get("products", 0)),
                    ]
                    for code, label in Product.Provenance.choices
                ],
            ),
        ],
        empty=not totals["received"] and not stalls["total"],
    )


def market_compare(editions: list[Edition]) -> Comparison:
    approved = dict(
        StallApplication.objects.filter(edition__in=editions, status=APPROVED)
        .order_by()
        .values("edition_id")
        .annotate(n=Count("vendor", distinct=True))
        .values_list("edition_id", "n")
    )
    return [(_("Vendors approved"), approved)]


SECTIONS = [
    ReportSection("market", gettext_lazy("The market"), 30, market_section, market_compare),
]
