"""allauth adapter: every account email in the recipient's own language, under the site's name."""

import dataclasses
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from events.common.site import site_host
from participants.outbox.services import from_email


@dataclasses.dataclass(frozen=True)
class EmailSite:
    """What allauth's email templates read from ``current_site`` (instead of the Sites row)."""

    name: str
    domain: str


def user_display(user) -> str:
    """How allauth names a person in pages and emails to that same person (ACCOUNT_USER_DISPLAY)."""
    return user.name or user.email


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        # send_mail below renders every account email in the recipient's language.
        return from_email()

    def _language_for(self, email: str, context: dict) -> str:
        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            # Enumeration protection may mail an address with no account: the page's language.
            user = get_user_model().objects.filter(email__iexact=email).first()
        if user is not None and getattr(user, "preferred_language", ""):
            return user.preferred_language
        return (translation.get_language() or settings.LANGUAGE_CODE)[:2]

    def render_mail(self, template_prefix, email, context, headers=None) -> EmailMessage:
        """allauth's text part as it is (its templates turn autoescaping off), and an HTML part
        in the house layout made from it: links clickable, the reason in the footer."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            html = render_to_string(
                "email/account_message.html",
                {
                    "subject_line": message.subject,
                    "text": message.body,
                    "footer_reason": gettext(
                        "You are receiving this email because this address was given on the "
                        "North Korean Defectors' Day website."
                    ),
                },
            )
            message.attach_alternative(html, "text/html")
        return message

    def send_account_already_exists_mail(self, email: str) -> None:
        # A new account costs a password hash; without one here, an existing address would
        # answer 0.2 s sooner and tell an attacker who has an account. Same hasher, same work.
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        with translation.override(self._language_for(email, context)):
            site = EmailSite(
                name=gettext("North Korean Defectors' Day"),
                domain=site_host(),
            )
            super().send_mail(template_prefix, email, {**context, "current_site": site})
