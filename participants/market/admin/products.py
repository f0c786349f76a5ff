"""Organisers' admin for vendors' products."""

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from participants.models import Product


@admin.register(Product)
class ProductAdmin(TranslationAdmin):
    list_display = ("name", "vendor", "category", "price_won", "provenance", "is_available")
    list_filter = ("category", "provenance", "is_available")
    search_fields = ("name_ko", "name_en", "vendor__display_name_ko")
    list_select_related = ("vendor",)
    readonly_fields = ("vendor", "photo", "thumbnail", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vendors list their own products
