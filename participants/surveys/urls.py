from django.urls import path

from participants.surveys import views

urlpatterns = [
    path("survey/thanks/", views.thanks, name="survey_thanks"),
    path("survey/<str:token>/", views.answer, name="survey_answer"),
]
