"""Complementary suppression: a "<5" must not be recoverable by subtraction from a total.

``small_count`` hides one to four people cell by cell, but where the report prints a total and
its parts (``SectionContent.sums``), total minus the printed parts can give a hidden part
exactly: booked 12, came 9, no-shows "<5" is 3. Here each hidden cell is given the range a
reader can know ("<5": 1 to 4; withheld: five or more; a printed number: itself), the sums
narrow the ranges (across all the sums that share a cell, in any section, until nothing
changes), and while any hidden cell is pinned to one value the smallest printed part beside it
is withheld too, shown as WITHHELD; with no printed part left, the total is. A sum may name a
cell of another section by the key that section gives it (``SectionContent.keys``).
docs/report.md explains the limits.
"""

import dataclasses
import math
from collections.abc import Callable

from django.utils.translation import gettext as _

from events.report.sections import SMALLEST_GROUP, WITHHELD, Ref, SectionContent

Bounds = tuple[float, float]
# A cell of the whole report: (the section's index, the cell in the section).
Cell = tuple[int, Ref]
Sum = tuple[Cell, tuple[Cell, ...]]


def _value(content: SectionContent, ref: Ref) -> object:
    if ref[0] == "figure":
        return content.figures[ref[1]][1]
    _, table, row, column = ref
    return content.tables[table].rows[row][column]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sums(contents: list[SectionContent]) -> list[Sum]:
    """Every declared sum with its cells placed in the report; a sum naming a key no section
    gives, or a cell that is not a count, is not one a reader can subtract, and is left out."""
    keyed = {key: (index, ref) for index, c in enumerate(contents) for key, ref in c.keys.items()}
    sums = []
    for index, content in enumerate(contents):
        for group in content.sums:
            refs = (group.total, *group.parts)
            cells = [keyed.get(ref[1]) if ref[0] == "key" else (index, ref) for ref in refs]
            if all(c is not None and _is_count(_value(contents[c[0]], c[1])) for c in cells):
                sums.append((cells[0], tuple(cells[1:])))
    return sums


def _known(value: int, *, withheld: bool) -> Bounds:
    """What a reader of the report knows of a count: its range."""
    if withheld:
        return (SMALLEST_GROUP, math.inf)
    if 0 < value < SMALLEST_GROUP:
        return (1, SMALLEST_GROUP - 1)
    return (value, value)


def _narrowed(sums: list[Sum], bounds: dict[Cell, Bounds]) -> dict[Cell, Bounds]:
    """Narrow every range by every sum (parts - total = 0) until no range changes."""
    bounds = dict(bounds)
    for _round in range(100):  # each round narrows at least one range; a bound on pathologies
        changed = False
        for total, parts in sums:
            terms = [(total, -1), *((part, 1) for part in parts)]
            for index, (cell, sign) in enumerate(terms):
                others = terms[:index] + terms[index + 1 :]
                low = sum(s * bounds[c][0] if s > 0 else s * bounds[c][1] for c, s in others)
                high = sum(s * bounds[c][1] if s > 0 else s * bounds[c][0] for c, s in others)
                implied = (-high, -low) if sign > 0 else (low, high)
                current = bounds[cell]
                new = (max(current[0], implied[0]), min(current[1], implied[1]))
                # An empty range means the figures do not add up exactly (e.g. a row outside the
                # table): that sum tells the reader nothing certain, so it narrows nothing.
                if new[0] <= new[1] and new != current:
                    bounds[cell] = new
                    changed = True
        if not changed:
            break
    return bounds


def _pinned(sums: list[Sum], value: Callable[[Cell], int], withheld: set[Cell]) -> list[Cell]:
    """The hidden cells (a "<5" or withheld) whose value the sums give exactly."""
    cells = sorted({cell for total, parts in sums for cell in (total, *parts)})
    known = {cell: _known(value(cell), withheld=cell in withheld) for cell in cells}
    hidden = [cell for cell in cells if known[cell][0] != known[cell][1]]
    narrowed = _narrowed(sums, known)
    return [cell for cell in hidden if narrowed[cell][0] == narrowed[cell][1]]


def _next_to_withhold(
    sums: list[Sum], value: Callable[[Cell], int], pinned: list[Cell], withheld: set[Cell]
) -> Cell | None:
    """The smallest printed part (five or more) sharing a sum with a pinned cell; else a total."""

    def printed(cell: Cell) -> bool:
        return cell not in withheld and value(cell) >= SMALLEST_GROUP

    for cell in pinned:
        around = [(total, parts) for total, parts in sums if cell == total or cell in parts]
        parts = [part for _, ps in around for part in ps if part != cell and printed(part)]
        if parts:
            return min(parts, key=lambda part: (value(part), part))
        totals = [total for total, _ in around if total != cell and printed(total)]
        if totals:
            return min(totals, key=lambda total: (value(total), total))
    return None


def report_withheld_cells(contents: list[SectionContent]) -> set[Cell]:
    """The printed counts to withhold so that no hidden count of the report can be worked out."""
    sums = _sums(contents)

    def value(cell: Cell) -> int:
        return _value(contents[cell[0]], cell[1])

    withheld: set[Cell] = set()
    while pinned := _pinned(sums, value, withheld):
        cell = _next_to_withhold(sums, value, pinned, withheld)
        if cell is None:  # everything around the pinned cells is hidden already
            break
        withheld.add(cell)
    return withheld


def withheld_cells(content: SectionContent) -> set[Ref]:
    """``report_withheld_cells`` of a section on its own."""
    return {ref for _, ref in report_withheld_cells([content])}


def _withholding(content: SectionContent, refs: set[Ref]) -> SectionContent:
    if not refs:
        return content
    figures = [
        (label, WITHHELD if ("figure", index) in refs else value)
        for index, (label, value) in enumerate(content.figures)
    ]
    tables = [
        dataclasses.replace(
            table,
            rows=[
                [WITHHELD if ("table", t, r, c) in refs else value for c, value in enumerate(row)]
                for r, row in enumerate(table.rows)
            ],
        )
        for t, table in enumerate(content.tables)
    ]
    note = _("X: withheld, so that a number under five cannot be worked out from a total.")
    return dataclasses.replace(
        content, figures=figures, tables=tables, notes=[*content.notes, note]
    )


def report_suppress(contents: list[SectionContent]) -> list[SectionContent]:
    """The report's sections with the counts ``report_withheld_cells`` names replaced by
    WITHHELD, and a note under each section that has one saying what WITHHELD means."""
    withheld = report_withheld_cells(contents)
    return [
        _withholding(content, {ref for i, ref in withheld if i == index})
        for index, content in enumerate(contents)
    ]


def section_suppress(content: SectionContent) -> SectionContent:
    """``report_suppress`` of a section on its own."""
    return report_suppress([content])[0]
