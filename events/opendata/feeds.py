"""The programme's changes as an Atom feed: one entry per published programme version, with its
changelog (Django's syndication framework). Reads through events.live.selectors."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from events import selectors
from events.common.site import site_url
from events.live import selectors as live_selectors
from events.live.models import ProgrammeVersion
from events.models import Edition

FEED_VERSIONS = 50


class ProgrammeChangesFeed(Feed):
    """/programme/changes/feed.xml (the current edition) and /<year>/programme/changes/feed.xml."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, year: int | None = None) -> Edition:
        return selectors.edition_get(year=year)

    def title(self, edition: Edition) -> str:
        return _("%(edition)s: programme changes") % {"edition": edition.title}

    def subtitle(self, edition: Edition) -> str:
        return _("Each published version of the programme and what changed in it.")

    def link(self, edition: Edition) -> str:
        return reverse("events:edition_programme_changes", kwargs={"year": edition.year})

    def feed_url(self, edition: Edition) -> str:
        return site_url(reverse("events:edition_changes_feed", kwargs={"year": edition.year}))

    def items(self, edition: Edition) -> list[ProgrammeVersion]:
        return live_selectors.programme_version_list(edition=edition)[:FEED_VERSIONS]

    def item_title(self, version: ProgrammeVersion) -> str:
        return _("Version %(number)s") % {"number": version.number}

    def item_description(self, version: ProgrammeVersion) -> str:
        lines = [version.comment] if version.comment else []
        for entry in live_selectors.changelog_display(entries=version.changelog):
            line = f"{entry['label']}: {entry['title']}"
            if entry["old"] and entry["new"]:
                line += f" ({entry['old']} → {entry['new']})"
            elif entry["new"] or entry["old"]:
                line += f" ({entry['new'] or entry['old']})"
            if entry["fields"]:
                line += f" — {entry['fields']}"
            lines.append(line)
        return "\n".join(lines)

    def item_link(self, version: ProgrammeVersion) -> str:
        path = reverse("events:edition_programme_changes", kwargs={"year": version.edition.year})
        return f"{path}#v{version.number}"

    def item_guid(self, version: ProgrammeVersion) -> str:
        return site_url(f"/programme/versions/{version.edition.year}/{version.number}")

    def item_guid_is_permalink(self, version: ProgrammeVersion) -> bool:
        return False

    def item_pubdate(self, version: ProgrammeVersion):
        return version.published_at

    def item_updateddate(self, version: ProgrammeVersion):
        return version.published_at


programme_changes_feed = ProgrammeChangesFeed()
