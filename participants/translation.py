from modeltranslation.translator import TranslationOptions, register

from participants.models import Announcement


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("ko",)
