"""Organisers' admin for vendors' products."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from participants.models import Product


@admin.register(Product)
class ProductAdmin(TranslationAdmin):
    list_display = ("name", "vendor", "category", "price_won", "provenance", "is_available")
    list_filter = ("category", "provenance", "is_available")
    search_fields = ("name_ko", "name_en", "vendor__display_name_ko")
    list_select_related = ("vendor",)
    exclude = ("photo", "thumbnail")
    readonly_fields = ("vendor", "photo_link", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vendors list their own products

    @admin.display(description=_("photo"))
    def photo_link(self, product: Product) -> str:
        # Photos are private files: a link to the view that checks permission, never a media URL.
        if not product.photo:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" alt="" width="80" height="80"></a>',
            product.photo_url("photo"),
            product.photo_url("thumb") if product.thumbnail else product.photo_url("photo"),
        )
