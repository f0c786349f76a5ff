"""Limit/offset pagination with bounds: a huge page or a negative offset is a 422, not a load."""

from django.db.models import QuerySet
from ninja import Query, Schema
from pydantic import Field

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000
# The largest id a BigAutoField holds: a larger number in a path is a 422, never a database error.
MAX_ID = 2**63 - 1


class PageIn(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1-200).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


PAGE_QUERY = ("limit", "offset")


def page(rows: QuerySet | list, page_in: PageIn, serialize) -> dict:
    """One page of ``rows`` with the total count; ``serialize`` turns a row into its dict."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chosen = rows[page_in.offset : page_in.offset + page_in.limit]
    return {
        "count": count,
        "limit": page_in.limit,
        "offset": page_in.offset,
        "results": [serialize(row) for row in chosen],
    }


__all__ = ["DEFAULT_LIMIT", "MAX_ID", "MAX_LIMIT", "PAGE_QUERY", "PageIn", "Query", "page"]
