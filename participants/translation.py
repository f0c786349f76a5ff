from modeltranslation.translator import TranslationOptions, register

from participants.models import Announcement


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
    # The Korean subject is required by the form; an empty message is refused by
    # Announcement.clean with its own message, so that the organiser sees one clear reason.
    required_languages = {"ko": ("subject",), "default": ()}


# The vendors part registers its fields in its own module.
from participants import translation_vendors  # noqa: E402, F401
