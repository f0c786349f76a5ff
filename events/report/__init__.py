"""The ministry's report: a PDF per edition (Korean and English) built in the background from
sections that each app contributes, so events imports no other app (like events/dashboard.py).

    register_report_section(ReportSection(key="market", title=_("The market"), order=30,
                                          build=market_section, compare=market_compare))

sections.py holds the registry and the one small-count rule; render.py turns the sections into
HTML and the HTML into a PDF; services.py queues and builds the jobs (models.py); admin.py is
the organisers' page. docs/report.md tells the whole story.
"""

from events.report.sections import (
    ReportSection,
    Table,
    register_report_section,
    registered_report_sections,
    small_count,
    things,
)

__all__ = [
    "ReportSection",
    "Table",
    "register_report_section",
    "registered_report_sections",
    "small_count",
    "things",
]
