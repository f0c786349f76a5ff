"""The report's registry and its one privacy rule for numbers.

A section's ``build(edition)`` returns a ``SectionContent`` of figures and tables. Every ``int``
in it counts people (or things that stand for people: bookings, vendors, lenders, messages) and
is written through ``small_count`` when rendered, so a group smaller than five shows as "<5".
A number that counts no one (programme items, objects shown, stalls) is passed as ``things(n)``,
a string, and shown as it is. ``compare(editions)`` gives the headline figures of several
editions at once (one query per section, whatever the number of editions) for the comparison
with previous years.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from django.utils.formats import number_format

from events.models import Edition

# The smallest group of people the report shows as a number (the issue: "<5" below it).
SMALLEST_GROUP = 5

Value = int | str | None
# Where a value sits in a section: ("figure", index) or ("table", table, row, column); in a sum,
# ("key", name) is a cell another section names in its ``keys``.
Ref = tuple[str, int] | tuple[str, int, int, int] | tuple[str, str]


def small_count(value: int | None) -> str:
    """A count of people as the report prints it: "0", "<5" for one to four, else the number."""
    if not value:
        return "0"
    if value < SMALLEST_GROUP:
        return f"<{SMALLEST_GROUP}"
    return number_format(value, force_grouping=True)


def things(value: int | None) -> str:
    """A count of things that stand for no person (items, objects, stalls): shown as it is."""
    return number_format(value or 0, force_grouping=True)


@dataclasses.dataclass
class Table:
    caption: Any
    headings: list[Any]
    rows: list[list[Value]]
    # The index of a column also drawn as a bar (only cells of five or more get one).
    bar_column: int | None = None


@dataclasses.dataclass(frozen=True)
class SumGroup:
    """Counts of people printed as parts of a total also printed (booked = came + no-shows):
    events/report/suppression.py withholds more of them when a "<5" could be worked out."""

    total: Ref
    parts: tuple[Ref, ...]


def column_sum(total: Ref, *, table: int, column: int, rows: int) -> SumGroup:
    """The group of a table's column whose ``rows`` cells add up to ``total``."""
    return SumGroup(total, tuple(("table", table, row, column) for row in range(rows)))


@dataclasses.dataclass
class SectionContent:
    figures: list[tuple[Any, Value]] = dataclasses.field(default_factory=list)
    tables: list[Table] = dataclasses.field(default_factory=list)
    # True when the edition recorded nothing for this section: the report says so.
    empty: bool = False
    notes: list[Any] = dataclasses.field(default_factory=list)
    # Every total the section prints with its parts (complementary suppression reads them).
    sums: list[SumGroup] = dataclasses.field(default_factory=list)
    # Cells other sections' sums may name ("item:12:booked" -> ("table", 1, 0, 2)).
    keys: dict[str, Ref] = dataclasses.field(default_factory=dict)


# (label, value per edition id) or (label, values, keys): the keys of the cells (of this
# report's sections) that add up to the value of the report's own edition, the last one.
Comparison = list[tuple[Any, dict[int, Value]] | tuple[Any, dict[int, Value], tuple[str, ...]]]


@dataclasses.dataclass(frozen=True)
class ReportSection:
    key: str
    title: Any  # a lazy translated string
    order: int
    build: Callable[[Edition], SectionContent]
    compare: Callable[[list[Edition]], Comparison] | None = None


_sections: dict[str, ReportSection] = {}


def register_report_section(section: ReportSection) -> None:
    """Add (or replace, by key) a section; apps call this from AppConfig.ready()."""
    _sections[section.key] = section


def unregister_report_section(key: str) -> None:
    _sections.pop(key, None)


def registered_report_sections() -> list[ReportSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


# A count withheld so that a "<5" beside it cannot be worked out from a total (suppression.py).
WITHHELD = "X"


def cell(value: Value) -> str:
    """How any value of a section is printed: people through ``small_count``, text as it is."""
    if value is None:
        return "\u2013"  # an en dash: not recorded
    if isinstance(value, bool):
        raise TypeError("A report cell is a count or a text, not a flag.")
    if isinstance(value, int):
        return small_count(value)
    return str(value)
