from modeltranslation.translator import TranslationOptions, register

from participants.models import Product, Vendor


@register(Vendor)
class VendorTranslation(TranslationOptions):
    fields = ("display_name", "description")
    required_languages = ("ko",)


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description", "allergens")
    required_languages = ("ko",)
