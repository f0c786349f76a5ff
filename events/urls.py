from django.urls import path, register_converter

from events import views
from events.live import views as live_views
from events.opendata import views as opendata


class YearConverter:
    """Four digits: /2024/ is an edition, /1/ or /12345/ is no page at all."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


register_converter(YearConverter, "year")

app_name = "events"

urlpatterns = [
    path("", views.edition_home, name="home"),
    path("about/", views.about, name="about"),
    path("programme/", views.programme_list, name="programme_list"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("programme/changes/", live_views.programme_changes, name="programme_changes"),
    path("programme/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programme/<int:pk>.ics", views.programme_item_ics, name="programme_item_ics"),
    path("performers/<int:pk>/photo/", views.performer_photo, name="performer_photo"),
    path(
        "performers/<int:pk>/photo/preview/",
        views.performer_photo_preview,
        name="performer_photo_preview",
    ),
    path("now/", live_views.now_page, name="now"),
    path("now/screen/", live_views.now_screen, name="now_screen"),
    path("now/data.json", live_views.now_json, name="now_json"),
    path("live/<int:pk>/", live_views.live_stage, name="live_stage"),
    path("cue-sheet/item/<int:pk>/", live_views.cuesheet_item, name="cuesheet_item"),
    path("cue-sheet/stage/<int:pk>/", live_views.cuesheet_stage, name="cuesheet_stage"),
    path("schedule.xml", opendata.schedule_xml_view, name="schedule_xml"),
    path("schedule.json", opendata.schedule_json_view, name="schedule_json"),
    path("programme/stages/<int:stage_id>.ics", opendata.stage_ics, name="stage_ics"),
    path("programme/kinds/<slug:kind>.ics", opendata.kind_ics, name="kind_ics"),
    path("embed/programme/", opendata.embed_programme, name="embed_programme"),
    path("<year:year>/", views.edition_home, name="edition_home"),
    path("<year:year>/programme/", views.programme_list, name="edition_programme_list"),
    path("<year:year>/programme.ics", views.programme_ics, name="edition_programme_ics"),
    path("<year:year>/schedule.xml", opendata.schedule_xml_view, name="edition_schedule_xml"),
    path("<year:year>/schedule.json", opendata.schedule_json_view, name="edition_schedule_json"),
    path("<year:year>/programme/kinds/<slug:kind>.ics", opendata.kind_ics, name="edition_kind_ics"),
    path(
        "<year:year>/programme/changes/",
        live_views.programme_changes,
        name="edition_programme_changes",
    ),
]
