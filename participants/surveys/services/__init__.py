"""The surveys slice's services: building and scheduling (building), invitations through the
outbox (invitations), anonymous answers (answering). Other slices and the tasks import from here."""

from participants.surveys.services.answering import (
    answer_field_name,
    survey_answers_validate,
    survey_from_token,
    survey_submit,
)
from participants.surveys.services.building import (
    survey_check_questions,
    survey_close,
    survey_default_send_at,
    survey_schedule,
    survey_unschedule,
)
from participants.surveys.services.invitations import (
    INVITATION_SALT,
    survey_invitation_token,
    survey_invitation_unsign,
    survey_invitation_url,
    survey_invite,
    survey_invitees,
    surveys_invite_due,
)
from participants.surveys.services.retention import survey_participations_purge

__all__ = [
    "INVITATION_SALT",
    "answer_field_name",
    "survey_answers_validate",
    "survey_check_questions",
    "survey_close",
    "survey_default_send_at",
    "survey_from_token",
    "survey_invitation_token",
    "survey_invitation_unsign",
    "survey_invitation_url",
    "survey_invite",
    "survey_invitees",
    "survey_participations_purge",
    "survey_schedule",
    "survey_submit",
    "survey_unschedule",
    "surveys_invite_due",
]
