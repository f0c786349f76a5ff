from modeltranslation.translator import TranslationOptions, register

from participants.outbox.models import Announcement


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
    # The Korean subject is required by the form; an empty message is refused by
    # Announcement.clean with its own message, so that the organiser sees one clear reason.
    required_languages = {"ko": ("subject",), "default": ()}
