"""Celery task of the surveys slice: beat writes the invitations whose time has come."""

from celery import shared_task

from participants.surveys.services import surveys_invite_due


@shared_task(name="participants.invite_to_surveys", acks_late=True, ignore_result=True)
def invite_to_surveys() -> int:
    return surveys_invite_due()
