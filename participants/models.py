"""Django looks for ``participants.models``; the models live in the slices."""

from participants.accounts.models import User
from participants.attendance.models import CheckIn, Rsvp, WaitlistOffer
from participants.market.models import Permit, Product, Stall, StallApplication, Vendor
from participants.outbox.models import Announcement, Reminder, ReminderOptOut
from participants.surveys.models import (
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from participants.tributes.models import Tribute, TributeReport, WatchWord

__all__ = [
    "Announcement",
    "CheckIn",
    "Permit",
    "Product",
    "Reminder",
    "ReminderOptOut",
    "Rsvp",
    "Stall",
    "StallApplication",
    "Survey",
    "SurveyAnswer",
    "SurveyChoice",
    "SurveyParticipation",
    "SurveyQuestion",
    "SurveyResponse",
    "Tribute",
    "TributeReport",
    "User",
    "Vendor",
    "WaitlistOffer",
    "WatchWord",
]
