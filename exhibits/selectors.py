"""Reads of the public catalogue: only published exhibits, public images, no private field."""

import re
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from exhibits.models import (
    OBJECT_NUMBER_PATTERN,
    PUBLIC_IMAGE,
    Category,
    Display,
    Exhibit,
    ExhibitImage,
    Province,
)

SEARCH_MAX_CHARS = 100
SEARCH_MAX_TERMS = 8
SEARCH_MAX_IDS = 5000


@dataclass(frozen=True)
class CatalogueFilters:
    query: str = ""
    categories: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    decades: tuple[int, ...] = ()
    editions: tuple[int, ...] = ()
    truncated: bool = False
    # The ids matching the search, found once (catalogue_search_resolve) so that the page and
    # the four facet counts do not each scan the texts again.
    search_ids: tuple[int, ...] | None = None

    @property
    def is_active(self) -> bool:
        return bool(
            self.query or self.categories or self.provinces or self.decades or self.editions
        )


@dataclass
class Facet:
    name: str
    label: str
    options: list[dict] = field(default_factory=list)


def _ints(values: list[str]) -> tuple[int, ...]:
    result = []
    for value in values[:20]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 <= number <= 9999:
            result.append(number)
    return tuple(sorted(set(result)))


def catalogue_filters_from(params) -> CatalogueFilters:
    """Filters from a query string; anything unknown or malformed is dropped, never an error."""
    query = " ".join((params.get("q") or "").replace("\x00", "").split())
    truncated = len(query) > SEARCH_MAX_CHARS
    query = query[:SEARCH_MAX_CHARS]
    return CatalogueFilters(
        query=query,
        categories=tuple(sorted(set(params.getlist("category")) & set(Category.values))),
        provinces=tuple(sorted(set(params.getlist("province")) & set(Province.values))),
        decades=tuple(d for d in _ints(params.getlist("decade")) if d % 10 == 0),
        editions=_ints(params.getlist("edition")),
        truncated=truncated,
    )


def _search(queryset: QuerySet, query: str) -> QuerySet:
    # Every term must match. search_text is lower-cased, so a plain LIKE '%term%' (served by the
    # trigram GIN index on PostgreSQL) finds a Korean word inside a longer one ("배급" in
    # "배급표"); on PostgreSQL a misspelt English word also matches by trigram word similarity.
    for term in query.lower().split()[:SEARCH_MAX_TERMS]:
        condition = Q(search_text__contains=term)
        if settings.USING_POSTGRES and len(term) >= 4 and term.isascii():
            condition |= Q(search_text__trigram_word_similar=term)
        queryset = queryset.filter(condition)
    return queryset


def catalogue_search_resolve(filters: CatalogueFilters) -> CatalogueFilters:
    """The filters with the search's matching ids found in one query (none without a search)."""
    if not filters.query:
        return filters
    ids = tuple(_search(Exhibit.objects.published(), filters.query).values_list("pk", flat=True))
    if len(ids) > SEARCH_MAX_IDS:
        # Too many to pass as parameters (SQLite's limit): each query searches again instead.
        return filters
    return replace(filters, search_ids=ids)


def _filtered(filters: CatalogueFilters, *, skip: str = "") -> QuerySet:
    queryset = Exhibit.objects.published()
    if filters.search_ids is not None:
        queryset = queryset.filter(pk__in=filters.search_ids)
    elif filters.query:
        queryset = _search(queryset, filters.query)
    if filters.categories and skip != "category":
        queryset = queryset.filter(category__in=filters.categories)
    if filters.provinces and skip != "province":
        queryset = queryset.filter(province__in=filters.provinces)
    if filters.decades and skip != "decade":
        decade_q = Q()
        for decade in filters.decades:
            decade_q |= Q(year_left__gte=decade, year_left__lte=decade + 9)
        queryset = queryset.filter(decade_q)
    if filters.editions and skip != "edition":
        queryset = queryset.filter(
            pk__in=Display.objects.filter(
                edition__year__in=filters.editions, edition__is_published=True
            ).values("exhibit_id")
        )
    return queryset


def public_images(*, card: bool = False) -> Prefetch:
    queryset = ExhibitImage.objects.filter(PUBLIC_IMAGE).order_by("order", "id")
    if card:
        # A card needs the id (for the rendition URL) and the alt text only.
        queryset = queryset.only("id", "exhibit_id", "order", "alt_text_ko", "alt_text_en")
    return Prefetch("images", queryset=queryset, to_attr="public_images")


def exhibit_public_list(*, filters: CatalogueFilters) -> QuerySet:
    """Published exhibits matching the filters, with what a card shows and its public images.

    Only the card's columns are read: the long texts and the search text stay in the database.
    """
    return (
        _filtered(filters)
        .only("id", "object_number", "title_ko", "title_en", "category", "province", "year_left")
        .prefetch_related(public_images(card=True))
        .order_by("object_number")
    )


def catalogue_facets(*, filters: CatalogueFilters) -> dict[str, Facet]:
    """Counts per category, province, decade left and edition: one query per facet.

    Each facet is counted with every other filter applied but its own, so that choosing one
    category still shows how many objects the others hold.
    """
    category_counts = dict(
        _filtered(filters, skip="category")
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
    )
    province_counts = dict(
        _filtered(filters, skip="province")
        .exclude(province="")
        .order_by()
        .values_list("province")
        .annotate(n=Count("id"))
    )
    decade_counts = dict(
        _filtered(filters, skip="decade")
        .filter(year_left__isnull=False)
        .annotate(decade=F("year_left") / 10 * 10)
        .order_by()
        .values_list("decade")
        .annotate(n=Count("id"))
    )
    edition_counts = dict(
        Display.objects.filter(
            edition__is_published=True,
            exhibit__in=_filtered(filters, skip="edition").values("pk"),
        )
        .order_by()
        .values_list("edition__year")
        .annotate(n=Count("exhibit_id", distinct=True))
    )
    return {
        "category": Facet(
            "category",
            str(Exhibit._meta.get_field("category").verbose_name),
            [
                {"value": value, "label": str(label), "count": category_counts.get(value, 0)}
                for value, label in Category.choices
            ],
        ),
        "province": Facet(
            "province",
            str(Exhibit._meta.get_field("province").verbose_name),
            [
                {"value": value, "label": str(label), "count": province_counts.get(value, 0)}
                for value, label in Province.choices
            ],
        ),
        "decade": Facet(
            "decade",
            "",
            [
                {"value": decade, "label": f"{decade}", "count": count}
                for decade, count in sorted(decade_counts.items())
            ],
        ),
        "edition": Facet(
            "edition",
            "",
            [
                {"value": year, "label": f"{year}", "count": count}
                for year, count in sorted(edition_counts.items(), reverse=True)
            ],
        ),
    }


def exhibit_public_get(*, object_number: str) -> Exhibit:
    """One published exhibit with its lender, public images and published displays, or 404."""
    if not re.fullmatch(OBJECT_NUMBER_PATTERN.strip("^$"), object_number):
        raise Http404
    exhibit = (
        Exhibit.objects.published()
        .select_related("lender")
        .prefetch_related(
            public_images(),
            Prefetch(
                "displays",
                queryset=Display.objects.filter(edition__is_published=True)
                .select_related("edition")
                .order_by("-edition__year"),
                to_attr="public_displays",
            ),
        )
        .filter(object_number=object_number)
        .first()
    )
    if exhibit is None:
        raise Http404
    return exhibit


def display_label_list(*, year: int) -> QuerySet:
    """An edition's displays in hall order, with what a printed label needs."""
    return (
        Display.objects.filter(edition__year=year)
        .select_related("exhibit", "exhibit__lender", "edition")
        .order_by("order", "id")
    )


# A lender's columns that deciding the credit line needs; the private ones are never read.
LENDER_PUBLIC_FIELDS = ("lender__display_name", "lender__visibility", "lender__consent_web")


def exhibit_open_list(*, filters: CatalogueFilters) -> QuerySet:
    """Published exhibits for the open-data API: what the catalogue's page shows, with the
    lender's web credit line, public images and the published editions that showed each one.
    Four queries whatever the number of exhibits."""
    return (
        _filtered(filters)
        .select_related("lender")
        .only(
            "id",
            "object_number",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
            "story_ko",
            "story_en",
            "category",
            "materials_ko",
            "materials_en",
            "dimensions",
            "period_made_ko",
            "period_made_en",
            "province",
            "year_left",
            "lender_id",
            *LENDER_PUBLIC_FIELDS,
        )
        .prefetch_related(
            public_images(),
            Prefetch(
                "displays",
                queryset=Display.objects.filter(edition__is_published=True)
                .select_related("edition")
                .only("id", "exhibit_id", "edition__year")
                .order_by("-edition__year"),
                to_attr="public_displays",
            ),
        )
        .order_by("object_number")
    )
