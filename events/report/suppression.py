"""Complementary suppression: a "<5" must not be recoverable by subtraction from a total.

``small_count`` hides one to four people cell by cell, but where a section prints a total and
its parts (``SectionContent.sums``), total minus the printed parts can give a hidden part
exactly: booked 12, came 9, no-shows "<5" is 3. Here each hidden cell is given the range a
reader can know ("<5": 1 to 4; withheld: five or more; a printed number: itself), the sums
narrow the ranges (across groups that share a cell, until nothing changes), and while any
hidden cell is pinned to one value the smallest printed part beside it is withheld too, shown
as WITHHELD; with no printed part left, the total is. docs/report.md explains the limits.
"""

import dataclasses
import math

from django.utils.translation import gettext as _

from events.report.sections import SMALLEST_GROUP, WITHHELD, Ref, SectionContent, SumGroup

Bounds = tuple[float, float]


def _value(content: SectionContent, ref: Ref) -> object:
    if ref[0] == "figure":
        return content.figures[ref[1]][1]
    _, table, row, column = ref
    return content.tables[table].rows[row][column]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _known(value: int, *, withheld: bool) -> Bounds:
    """What a reader of the report knows of a count: its range."""
    if withheld:
        return (SMALLEST_GROUP, math.inf)
    if 0 < value < SMALLEST_GROUP:
        return (1, SMALLEST_GROUP - 1)
    return (value, value)


def _narrowed(groups: list[SumGroup], bounds: dict[Ref, Bounds]) -> dict[Ref, Bounds]:
    """Narrow every range by every sum (parts - total = 0) until no range changes."""
    bounds = dict(bounds)
    for _round in range(100):  # each round narrows at least one range; a bound on pathologies
        changed = False
        for group in groups:
            terms = [(group.total, -1), *((part, 1) for part in group.parts)]
            for index, (ref, sign) in enumerate(terms):
                others = terms[:index] + terms[index + 1 :]
                low = sum(s * bounds[r][0] if s > 0 else s * bounds[r][1] for r, s in others)
                high = sum(s * bounds[r][1] if s > 0 else s * bounds[r][0] for r, s in others)
                implied = (-high, -low) if sign > 0 else (low, high)
                current = bounds[ref]
                new = (max(current[0], implied[0]), min(current[1], implied[1]))
                # An empty range means the figures do not add up exactly (e.g. a row outside the
                # table): that sum tells the reader nothing certain, so it narrows nothing.
                if new[0] <= new[1] and new != current:
                    bounds[ref] = new
                    changed = True
        if not changed:
            break
    return bounds


def _pinned(content: SectionContent, groups: list[SumGroup], withheld: set[Ref]) -> list[Ref]:
    """The hidden cells (a "<5" or withheld) whose value the sums give exactly."""
    refs = sorted({ref for group in groups for ref in (group.total, *group.parts)})
    known = {ref: _known(_value(content, ref), withheld=ref in withheld) for ref in refs}
    hidden = [ref for ref in refs if known[ref][0] != known[ref][1]]
    narrowed = _narrowed(groups, known)
    return [ref for ref in hidden if narrowed[ref][0] == narrowed[ref][1]]


def _next_to_withhold(
    content: SectionContent, groups: list[SumGroup], pinned: list[Ref], withheld: set[Ref]
) -> Ref | None:
    """The smallest printed part (five or more) sharing a sum with a pinned cell; else a total."""

    def printed(ref: Ref) -> bool:
        return ref not in withheld and _value(content, ref) >= SMALLEST_GROUP

    for ref in pinned:
        around = [group for group in groups if ref == group.total or ref in group.parts]
        parts = [part for group in around for part in group.parts if part != ref and printed(part)]
        if parts:
            return min(parts, key=lambda part: (_value(content, part), part))
        totals = [group.total for group in around if group.total != ref and printed(group.total)]
        if totals:
            return min(totals, key=lambda total: (_value(content, total), total))
    return None


def withheld_cells(content: SectionContent) -> set[Ref]:
    """The printed counts to withhold so that no hidden count of the section can be worked out."""
    groups = [
        group
        for group in content.sums
        if all(_is_count(_value(content, ref)) for ref in (group.total, *group.parts))
    ]
    withheld: set[Ref] = set()
    while pinned := _pinned(content, groups, withheld):
        ref = _next_to_withhold(content, groups, pinned, withheld)
        if ref is None:  # everything around the pinned cells is hidden already
            break
        withheld.add(ref)
    return withheld


def section_suppress(content: SectionContent) -> SectionContent:
    """``content`` with the counts ``withheld_cells`` names replaced by WITHHELD, and a note
    saying what WITHHELD means when there is one."""
    withheld = withheld_cells(content)
    if not withheld:
        return content
    figures = [
        (label, WITHHELD if ("figure", index) in withheld else value)
        for index, (label, value) in enumerate(content.figures)
    ]
    tables = [
        dataclasses.replace(
            table,
            rows=[
                [
                    WITHHELD if ("table", t, r, c) in withheld else value
                    for c, value in enumerate(row)
                ]
                for r, row in enumerate(table.rows)
            ],
        )
        for t, table in enumerate(content.tables)
    ]
    note = _("X: withheld, so that a number under five cannot be worked out from a total.")
    return dataclasses.replace(
        content, figures=figures, tables=tables, notes=[*content.notes, note]
    )
