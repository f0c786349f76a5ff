from django.urls import path

from participants.attendance import views

urlpatterns = [
    path("rsvp/", views.rsvp, name="rsvp"),
    path("rsvp/<int:pk>/cancel/<str:token>/", views.rsvp_cancel_signed, name="rsvp_cancel_signed"),
    path("me/", views.me, name="me"),
    path("me/tickets/<int:pk>/", views.ticket, name="ticket"),
    path("me/tickets/<int:pk>/ticket.ics", views.ticket_ics, name="ticket_ics"),
    path("me/rsvps/<int:pk>/cancel/", views.rsvp_cancel_view, name="rsvp_cancel"),
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/counts/", views.checkin_counts, name="checkin_counts"),
]
