from modeltranslation.translator import TranslationOptions, register

from events.models import (
    Appearance,
    Edition,
    Performer,
    ProgramItem,
    ProgrammeVersion,
    Segment,
    Stage,
)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("title", "theme", "venue", "address", "summary", "how_to_attend")
    required_languages = ("ko",)


@register(Stage)
class StageTranslation(TranslationOptions):
    fields = ("name", "accessibility_notes")
    required_languages = ("ko",)


@register(ProgramItem)
class ProgramItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ko",)


@register(Performer)
class PerformerTranslation(TranslationOptions):
    fields = ("bio",)


@register(Appearance)
class AppearanceTranslation(TranslationOptions):
    fields = ("role",)


@register(Segment)
class SegmentTranslation(TranslationOptions):
    fields = ("title", "mc_script")
    required_languages = ("ko",)


@register(ProgrammeVersion)
class ProgrammeVersionTranslation(TranslationOptions):
    fields = ("comment",)
