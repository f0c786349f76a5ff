"""The survey's section of the ministry's report: how many were invited and answered, and the
answers to each rating and choice question as counts. Free-text answers never appear (they may
name someone); only how many people wrote one. An average is shown only from five answers, and
never beside a withheld count."""

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Edition
from events.report import ReportSection, Table
from events.report.sections import SMALLEST_GROUP, Comparison, SectionContent, column_sum
from participants.models import Survey, SurveyQuestion
from participants.surveys.selectors import survey_for_edition, survey_results


def survey_section(edition: Edition) -> SectionContent:
    survey = survey_for_edition(edition=edition)
    if survey is None:
        return SectionContent(empty=True, notes=[_("No survey was run for this edition.")])
    results = survey_results(survey)
    tables = []
    sums = []
    free_text_rows = []
    for question in results["questions"]:
        if question["kind"] == SurveyQuestion.Kind.TEXT:
            free_text_rows.append([question["text"], question["answered"]])
            continue
        caption = question["text"]
        counts = [row["count"] for row in question["counts"]]
        # An average with a "<5" beside it would tell that count (the average times the people,
        # less the counts printed): it is shown only where no count is withheld.
        if (
            question["average"] is not None
            and question["answered"] >= SMALLEST_GROUP
            and not any(0 < count < SMALLEST_GROUP for count in counts)
        ):
            caption = _("%(question)s (average %(average)s of 5)") % {
                "question": question["text"],
                "average": number_format(round(question["average"], 1), decimal_pos=1),
            }
        if question["kind"] != SurveyQuestion.Kind.MULTIPLE and (
            question["answered"] == results["responses"]
        ):
            # One answer each from everyone who answered: the rows add up to that figure.
            sums.append(column_sum(("figure", 1), table=len(tables), column=1, rows=len(counts)))
        tables.append(
            Table(
                caption=caption,
                headings=[_("Answer"), _("People")],
                rows=[[row["label"], row["count"]] for row in question["counts"]],
                bar_column=1,
            )
        )
    if free_text_rows:
        tables.append(
            Table(
                caption=_("Questions answered in free text (the words are not reproduced here)"),
                headings=[_("Question"), _("People who wrote an answer")],
                rows=free_text_rows,
            )
        )
    return SectionContent(
        figures=[
            (_("People invited to the survey"), results["invited"]),
            (_("People who answered"), results["responses"]),
        ],
        tables=tables,
        sums=sums,
    )


def survey_compare(editions: list[Edition]) -> Comparison:
    answered = dict(
        Survey.objects.filter(edition__in=editions)
        .order_by()
        .annotate(n=Count("responses"))
        .values_list("edition_id", "n")
    )
    return [(_("People who answered the survey"), answered)]


SECTIONS = [
    ReportSection("survey", gettext_lazy("Survey results"), 60, survey_section, survey_compare),
]
