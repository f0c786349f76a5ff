"""Permission names in the reader's language, for the admin's permission pickers.

Django stores a permission's name in English when it creates it ("Can add programme item"), so
the user and group pages showed English on Korean screens. The pickers label each permission
from its codename and the model's translated verbose name instead; custom permissions are
translated from their stored name, which is the msgid of the model's Meta.permissions.
"""

from typing import Any

from django.contrib.auth.models import Permission
from django.db import models
from django.utils.translation import gettext, gettext_lazy

DEFAULT_ACTIONS = {
    "add": gettext_lazy("Can add %(model)s"),
    "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"),
    "view": gettext_lazy("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """'참가자 | 참가 신청 조회' for participants.view_rsvp; the stored name without a model."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    action, _underscore, model_name = permission.codename.partition("_")
    if action in DEFAULT_ACTIONS and model_name == model._meta.model_name:
        text = DEFAULT_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        text = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {text}"


class PermissionLabelsMixin:
    """For a ModelAdmin with a many-to-many to Permission (users, groups)."""

    def formfield_for_manytomany(self, db_field: models.Field, request: Any, **kwargs: Any):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field
