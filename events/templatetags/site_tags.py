from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language_code: str) -> str:
    """This page's address in another language (Korean unprefixed, English under /en/).

    Plain links rather than a POST form: they work without JavaScript or a CSRF token, so the
    public pages stay cacheable.
    """
    request = context.get("request")
    if request is None:
        return "/" if language_code == "ko" else f"/{language_code}/"
    return translate_url(request.get_full_path(), language_code)
