from django.urls import path

from participants.views import reminders as views

urlpatterns = [
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
