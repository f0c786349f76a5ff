"""The survey page, reached through the signed link in the invitation: no sign-in needed."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participants.surveys.forms import SurveyAnswerForm
from participants.surveys.selectors import survey_questions
from participants.surveys.services import survey_from_token, survey_submit

# A link that cannot be used says why, with the status a client would expect.
REFUSAL_STATUS = {"invalid_link": 404, "closed": 410, "already_answered": 409}


def _refusal(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return render(
        request,
        "participants/surveys/message.html",
        {"title": _("Survey"), "message": error.messages[0]},
        status=REFUSAL_STATUS.get(getattr(error, "code", None), 400),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        survey, _user = survey_from_token(token=token)
    except ValidationError as error:
        return _refusal(request, error)
    questions = survey_questions(survey=survey)
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            survey_submit(token=token, answers=form.answers())
            return redirect("participants:survey_thanks")
        except ValidationError as error:
            if getattr(error, "code", None) in REFUSAL_STATUS:
                return _refusal(request, error)
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                form.add_error(None, error.messages)
    response = render(
        request,
        "participants/surveys/answer.html",
        {"survey": survey, "form": form},
        status=400 if form.errors else 200,
    )
    # The link is personal: nobody else's browser or a shared cache may keep the page.
    response["Referrer-Policy"] = "no-referrer"
    return response


def thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/surveys/message.html",
        {
            "title": _("Thank you"),
            "message": _(
                "Your answers have been recorded, without your name. Thank you for helping us "
                "prepare the next Defectors' Day."
            ),
        },
    )
