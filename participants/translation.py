"""modeltranslation imports ``participants.translation``: each slice registers its own fields."""

from participants.market import translation as market_translation  # noqa: F401
from participants.outbox import translation as outbox_translation  # noqa: F401
from participants.surveys import translation as surveys_translation  # noqa: F401
