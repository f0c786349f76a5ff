"""The one rule for private fields in the admin: without the model's "can see private details"
permission, no admin path reveals them, and every view of them is audited.

Every ModelAdmin of a person-like model (performers, lenders, vendors, permits, RSVPs' access
needs, reminders' addresses) mixes in ``PrivateFieldsAdminMixin`` and names its private fields and
permission. The mixin removes those fields from columns, ordering, filters, search, forms,
exports and ``_to_field``, and refuses any lookup in the query string that reaches a private field
(also through a relation to another sealed model) with a 400, so a binary search on a legal name
is impossible. docs/architecture.md ("Private fields") explains the threat.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

from events.common.exports import audit_log
from events.models import AuditEntry

# Query-string parameters of the changelist that are not lookups.
CHANGELIST_PARAMETERS = {
    ALL_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    IS_POPUP_VAR,
    TO_FIELD_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    "_changelist_filters",
}


class PrivateLookupRefused(DisallowedModelAdminLookup):
    """A lookup in the address reaches a private field: a 400, with nothing echoed."""


def private_owners(
    *, model: type[Model], lookup: str, site: admin.AdminSite
) -> list["PrivateFieldsAdminMixin"]:
    """The sealed admins whose private fields ``lookup`` (``vendor__legal_name__startswith``)
    reaches, on ``model`` or on any model it follows a relation to."""
    owners = []
    current = model
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            break  # a lookup or transform name ("startswith", "year"): the path ended
        owner = site._registry.get(current)
        if isinstance(owner, PrivateFieldsAdminMixin) and part in owner.private_fields:
            owners.append(owner)
        if not field.is_relation or field.related_model is None:
            break
        current = field.related_model
    return owners


def private_path(
    *, model: type[Model], lookup: str, request: HttpRequest, site: admin.AdminSite
) -> bool:
    """Whether ``lookup`` reaches a private field that the user may not see."""
    return any(
        not owner.may_see_private(request)
        for owner in private_owners(model=model, lookup=lookup, site=site)
    )


def _search_field_name(search_field: str) -> str:
    return search_field.lstrip("^=@").split(LOOKUP_SEP)[0]


def _strip(fields: Any, hidden: set[str]) -> list:
    """Fields of a fieldset (possibly nested tuples on one line) without the hidden ones."""
    kept = []
    for field in fields:
        if isinstance(field, list | tuple):
            line = [name for name in field if name not in hidden]
            if line:
                kept.append(tuple(line))
        elif field not in hidden:
            kept.append(field)
    return kept


class PrivateFieldsAdminMixin:
    """Seal ``private_fields`` (and the columns, filters derived from them) behind
    ``private_permission``; audit each view of them. Put it first among the admin's bases."""

    # Model fields never revealed without the permission.
    private_fields: tuple[str, ...] = ()
    # Admin columns and read-only names computed from them ("needs_access").
    private_columns: tuple[str, ...] = ()
    # List filters that select on them (SimpleListFilter classes).
    private_filters: tuple[type, ...] = ()
    # "app_label.view_<model>_private"
    private_permission: str = ""

    model: type[Model]
    admin_site: admin.AdminSite

    def may_see_private(self, request: HttpRequest) -> bool:
        return bool(self.private_permission) and request.user.has_perm(self.private_permission)

    def _hidden(self, request: HttpRequest) -> set[str]:
        if self.may_see_private(request):
            return set()
        return set(self.private_fields) | set(self.private_columns)

    def _private_lookup(self, lookup: str, request: HttpRequest) -> bool:
        return private_path(model=self.model, lookup=lookup, request=request, site=self.admin_site)

    # --- the changelist: columns, ordering, filters, search, lookups ---

    def get_list_display(self, request: HttpRequest):
        hidden = self._hidden(request)
        return [name for name in super().get_list_display(request) if name not in hidden]

    def get_list_display_links(self, request: HttpRequest, list_display):
        links = super().get_list_display_links(request, list_display)
        if links is None:
            return None
        return [name for name in links if name in list_display] or list(list_display)[:1]

    def get_sortable_by(self, request: HttpRequest):
        hidden = self._hidden(request)
        return [name for name in super().get_sortable_by(request) if name not in hidden]

    def get_ordering(self, request: HttpRequest):
        # Rows sorted by a hidden value would tell its order (who comes first alphabetically).
        hidden = self._hidden(request)
        ordering = [
            name
            for name in (super().get_ordering(request) or ())
            if name.lstrip("-").split(LOOKUP_SEP)[0] not in hidden
        ]
        return ordering or ["-pk"]

    def get_list_filter(self, request: HttpRequest):
        filters = list(super().get_list_filter(request))
        if self.may_see_private(request):
            return filters
        kept = []
        for entry in filters:
            name = entry[0] if isinstance(entry, list | tuple) else entry
            if isinstance(name, str) and self._private_lookup(name, request):
                continue
            if isinstance(name, type) and issubclass(name, self.private_filters):
                continue
            kept.append(entry)
        return kept

    def get_search_fields(self, request: HttpRequest):
        # Searching by a private field reveals it one guess at a time (also via autocomplete).
        return [
            name
            for name in super().get_search_fields(request)
            if not self._private_lookup(name.lstrip("^=@"), request)
        ]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if request is None or self._private_lookup(lookup, request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request: HttpRequest, to_field: str) -> bool:
        if self._private_lookup(to_field, request):
            return False
        return super().to_field_allowed(request, to_field)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        # Every parameter of the address, not only what the filters and search box send.
        private_lookups = sorted(
            {
                key.split(LOOKUP_SEP)[0]
                for key in request.GET
                if key not in CHANGELIST_PARAMETERS
                and private_owners(model=self.model, lookup=key, site=self.admin_site)
            }
        )
        if any(self._private_lookup(key, request) for key in request.GET):
            raise PrivateLookupRefused("A lookup on a private field was refused.")
        searched = request.GET.get(SEARCH_VAR, "").strip()
        private_search = searched and any(
            _search_field_name(name) in self.private_fields
            for name in self.get_search_fields(request)
        )
        if private_lookups or private_search:
            self._audit_private_view(
                request,
                detail={
                    "view": "changelist",
                    "lookups": private_lookups,
                    "search": bool(private_search),
                },
            )
        return super().changelist_view(request, extra_context)

    # --- the change form and its read-only view ---

    def get_fields(self, request: HttpRequest, obj: Model | None = None):
        return _strip(super().get_fields(request, obj), self._hidden(request))

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None):
        hidden = self._hidden(request)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = _strip(options.get("fields", ()), hidden)
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None):
        hidden = self._hidden(request)
        return [name for name in super().get_readonly_fields(request, obj) if name not in hidden]

    def get_exclude(self, request: HttpRequest, obj: Model | None = None):
        # A form without the private fields: a save by such a user leaves them as they are.
        hidden = self._hidden(request) & {field.name for field in self.model._meta.fields}
        excluded = super().get_exclude(request, obj)
        if not hidden:
            return excluded
        return [*(excluded or ()), *sorted(hidden)]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if (
            object_id
            and request.method == "GET"
            and self.may_see_private(request)
            and getattr(response, "status_code", None) == 200
        ):
            self._audit_private_view(request, object_id=object_id, detail={"view": "change"})
        return response

    # --- exports ---

    def get_data_for_export(self, request: HttpRequest, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        if self.may_see_private(request):
            return dataset
        private = self._private_headers(request)
        for header in list(dataset.headers or ()):
            if header in private:
                del dataset[header]
        return dataset

    def _private_headers(self, request: HttpRequest) -> set[str]:
        """The private fields' column names and, where a resource labels its columns with
        verbose names (events.common.exports.LabelledColumnsResource), their labels."""
        headers = set(self.private_fields)
        for resource_class in self.get_export_resource_classes(request):
            resource = resource_class(**self.get_export_resource_kwargs(request))
            label = getattr(resource, "column_label", None)
            for field in resource.get_export_fields():
                names = {field.column_name, (field.attribute or "").split("__")[0]}
                if label is not None and names & set(self.private_fields):
                    headers.add(label(field))
        return headers

    def _audit_private_view(
        self, request: HttpRequest, *, object_id: str = "", detail: dict
    ) -> None:
        audit_log(
            user=request.user,
            action=AuditEntry.Action.PRIVATE_VIEW,
            target=self.model._meta.label,
            object_id=str(object_id)[:64],
            detail=detail,
        )
