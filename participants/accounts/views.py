from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participants.accounts.forms import AccountDeleteForm
from participants.accounts.services import account_delete


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        language = translation.get_language() or settings.LANGUAGE_CODE
        return redirect("/" if language == settings.LANGUAGE_CODE else f"/{language}/")
    return render(request, "participants/attendees/account_delete.html", {"form": form})
