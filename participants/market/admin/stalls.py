"""Organisers' admin for stalls: numbered pitches, created in ranges, and the stall plan."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import Edition, Stage
from events.selectors import edition_current
from participants.market import services
from participants.market.models import StallSize
from participants.market.selectors import stall_plan
from participants.market.views import plan_layout
from participants.models import Stall


class StallRangeForm(forms.Form):
    stage = forms.ModelChoiceField(
        label=_("Market area"),
        queryset=Stage.objects.filter(kind=Stage.Kind.MARKET).select_related("edition"),
    )
    first = forms.IntegerField(label=_("First number"), min_value=1)
    last = forms.IntegerField(label=_("Last number"), min_value=1)
    zone = forms.ChoiceField(label=_("Zone"), choices=Stall.Zone.choices)
    size = forms.ChoiceField(label=_("Size"), choices=StallSize.choices, initial=StallSize.STANDARD)
    has_power = forms.BooleanField(label=_("Electricity"), required=False)
    has_water = forms.BooleanField(label=_("Water"), required=False)
    setup_at = forms.TimeField(label=_("Setup from"), required=False, initial="08:00")


@admin.register(Stall)
class StallAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "stage",
        "zone",
        "size",
        "has_power",
        "has_water",
        "setup_at",
        "holder",
    )
    list_filter = ("stage__edition", "zone", "size", "has_power", "has_water")
    list_select_related = ("stage__edition",)
    ordering = ("stage", "number")

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_count=Count("applications", filter=Q(applications__status="approved"))
            )
        )

    @admin.display(description=_("stall holder"))
    def holder(self, stall: Stall) -> str:
        return gettext("taken") if stall.approved_count else gettext("free")

    # The stall plan is linked from the object tools (admin/participants/stall/change_list.html):
    # a "subtitle" would also land, as raw HTML, in the page's <title>.

    def get_urls(self):
        return [
            path(
                "plan/",
                self.admin_site.admin_view(self.plan_view),
                name="participants_stall_plan",
            ),
            path(
                "add-range/",
                self.admin_site.admin_view(self.add_range_view),
                name="participants_stall_add_range",
            ),
            *super().get_urls(),
        ]

    def add_range_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StallRangeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                stalls = services.stall_range_create(**form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request, gettext("Stalls added: %(count)s.") % {"count": len(stalls)}
                )
                return HttpResponseRedirect(reverse("admin:participants_stall_changelist"))
        return TemplateResponse(
            request,
            "participants/vendors/admin_stall_range.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Add a row of stalls"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    def plan_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        editions = list(Edition.objects.order_by("-year"))
        edition = None
        wanted = request.GET.get("edition", "")
        if wanted.isdigit():
            edition = next((e for e in editions if e.pk == int(wanted)), None)
        edition = edition or edition_current() or (editions[0] if editions else None)
        layout = plan_layout(stall_plan(edition=edition, for_staff=True)) if edition else None
        return TemplateResponse(
            request,
            "participants/vendors/admin_stall_plan.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Stall plan"),
                "edition": edition,
                "editions": editions,
                "layout": layout,
                "opts": self.model._meta,
            },
        )
