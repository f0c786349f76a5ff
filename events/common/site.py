"""The Sites row follows settings.SITE_URL, so that the admin's "View on site" links and anything
else built from django.contrib.sites point at this site, not at Django's default example.com."""

from urllib.parse import urlsplit

from django.conf import settings


def site_sync(**kwargs) -> None:
    """post_migrate receiver: set the current Site's domain and name from SITE_URL."""
    from django.contrib.sites.models import Site

    using = kwargs.get("using", "default")
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "북한이탈주민의 날"}
    )
    Site.objects.clear_cache()
