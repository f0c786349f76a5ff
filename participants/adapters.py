"""allauth adapter: every account email in the recipient's own language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def _language_for(self, email: str, context: dict) -> str:
        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            # Enumeration protection may mail an address with no account: the page's language.
            user = get_user_model().objects.filter(email__iexact=email).first()
        if user is not None and getattr(user, "preferred_language", ""):
            return user.preferred_language
        return (translation.get_language() or "ko")[:2]

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        with translation.override(self._language_for(email, context)):
            super().send_mail(template_prefix, email, context)
