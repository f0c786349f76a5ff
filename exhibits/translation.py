from modeltranslation.translator import TranslationOptions, register

from exhibits.models import Display, Exhibit, ExhibitImage


@register(Exhibit)
class ExhibitTranslation(TranslationOptions):
    fields = ("title", "description", "story", "label_text", "materials", "period_made")
    required_languages = ("ko",)


@register(ExhibitImage)
class ExhibitImageTranslation(TranslationOptions):
    # Both languages are required before publishing (services.exhibit_publish), not on upload.
    fields = ("alt_text",)


@register(Display)
class DisplayTranslation(TranslationOptions):
    fields = ("location",)
