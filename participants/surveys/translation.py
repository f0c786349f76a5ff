from modeltranslation.translator import TranslationOptions, register

from participants.surveys.models import Survey, SurveyChoice, SurveyQuestion


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = {"ko": ("title",), "default": ()}


@register(SurveyQuestion)
class SurveyQuestionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("ko",)


@register(SurveyChoice)
class SurveyChoiceTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("ko",)
