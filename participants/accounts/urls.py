from django.urls import path

from participants.accounts import views

urlpatterns = [
    path("me/delete/", views.account_delete_view, name="account_delete"),
]
