from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.common.permissions import PermissionLabelsMixin
from events.common.private_admin import PrivateFieldsAdminMixin
from participants.accounts.services import account_delete
from participants.models import User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "preferred_language")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(PrivateFieldsAdminMixin, PermissionLabelsMixin, DjangoUserAdmin):
    """Attendees' accounts. Their address, name and phone are sealed like every private field:
    staff with "view user" alone see "user #id", and cannot search, sort or filter by them."""

    private_fields = ("email", "name", "phone")
    private_permission = "participants.view_user_private"
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = [
        "__str__",
        "email",
        "name",
        "preferred_language",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal data"), {"fields": ("name", "phone", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def has_add_permission(self, request) -> bool:
        # The add form asks for the address and name: only for staff who may see them.
        return super().has_add_permission(request) and self.may_see_private(request)

    # Deleting a person releases their seats and promotes waiting lists, as self-deletion does.
    def delete_model(self, request, obj) -> None:
        account_delete(user=obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for user in queryset:
                account_delete(user=user)
