from django.urls import path

from participants.outbox import views

urlpatterns = [
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
