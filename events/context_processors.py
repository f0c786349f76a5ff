from django.http import HttpRequest

from events.common.site import site_url


def site(request: HttpRequest) -> dict:
    return {"SITE_URL": site_url()}
