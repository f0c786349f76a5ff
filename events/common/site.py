"""The site's own address, from settings.SITE_URL: absolute links in emails, calendar files and
QR codes (``site_url``), identifiers such as calendar UIDs and Message-IDs (``site_domain``), and
the Sites row that the admin's "View on site" links and allauth read (``site_sync``).
Used by events (calendar feeds), participants (emails, tickets, accounts) and exhibits."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(path: str = "") -> str:
    """The absolute address of ``path`` (a path from reverse() or get_absolute_url())."""
    return f"{settings.SITE_URL}{path}"


def site_domain() -> str:
    """The host name alone (no port): the right-hand side of UIDs and Message-IDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def site_host() -> str:
    """The host with its port, as a browser addresses the site (the Sites row's domain)."""
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def site_sync(**kwargs) -> None:
    """post_migrate receiver: set the current Site's domain and name from SITE_URL."""
    from django.contrib.sites.models import Site

    using = kwargs.get("using", "default")
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_host(), "name": "북한이탈주민의 날"}
    )
    Site.objects.clear_cache()
