"""Retention: who answered a survey is needed only while it takes answers (to refuse a second
one). Part of the one retention policy (RETENTION_DAYS["survey_participations"], days after the
survey closed), which audits the counts."""

import datetime as dt

from participants.surveys.models import Survey, SurveyParticipation


def survey_participations_purge(
    *, now: dt.datetime, days: int, dry_run: bool = False
) -> dict[str, int]:
    """Delete the participations of surveys closed at least ``days`` ago; responses stay, and
    were never linked to anyone."""
    cutoff = now - dt.timedelta(days=days)
    old = SurveyParticipation.objects.filter(
        survey__status__in=[Survey.Status.INVITED, Survey.Status.CLOSED],
        survey__closes_at__lte=cutoff,
    )
    count = old.count()
    if count and not dry_run:
        old.delete()
    return {"survey_participations": count}
