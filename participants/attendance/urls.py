from django.urls import path

from participants.views import attendees, checkin

urlpatterns = [
    path("rsvp/", attendees.rsvp, name="rsvp"),
    path(
        "rsvp/<int:pk>/cancel/<str:token>/", attendees.rsvp_cancel_signed, name="rsvp_cancel_signed"
    ),
    path("me/", attendees.me, name="me"),
    path("me/tickets/<int:pk>/", attendees.ticket, name="ticket"),
    path("me/tickets/<int:pk>/ticket.ics", attendees.ticket_ics, name="ticket_ics"),
    path("me/rsvps/<int:pk>/cancel/", attendees.rsvp_cancel_view, name="rsvp_cancel"),
    path("me/delete/", attendees.account_delete_view, name="account_delete"),
    path("checkin/", checkin.checkin, name="checkin"),
    path("checkin/counts/", checkin.checkin_counts, name="checkin_counts"),
]
