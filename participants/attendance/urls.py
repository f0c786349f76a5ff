from django.urls import path

from participants.attendance import door_views, views

urlpatterns = [
    path("rsvp/", views.rsvp, name="rsvp"),
    path("rsvp/<int:pk>/cancel/<str:token>/", views.rsvp_cancel_signed, name="rsvp_cancel_signed"),
    path("rsvp/offer/<int:pk>/<str:token>/", views.waitlist_offer, name="waitlist_offer"),
    path("t/<int:pk>/<str:token>/", views.ticket_signed, name="ticket_signed"),
    path("t/<int:pk>/<str:token>/ticket.pdf", views.ticket_signed_pdf, name="ticket_signed_pdf"),
    path("me/", views.me, name="me"),
    path("me/tickets/<int:pk>/", views.ticket, name="ticket"),
    path("me/tickets/<int:pk>/ticket.ics", views.ticket_ics, name="ticket_ics"),
    path("me/tickets/<int:pk>/ticket.pdf", views.ticket_pdf_view, name="ticket_pdf"),
    path("me/rsvps/<int:pk>/cancel/", views.rsvp_cancel_view, name="rsvp_cancel"),
    path("checkin/", door_views.checkin, name="checkin"),
    path("checkin/scan/", door_views.checkin_scan, name="checkin_scan"),
    path("checkin/counts/", door_views.checkin_counts, name="checkin_counts"),
    path("checkin/door-list.pdf", door_views.checkin_door_list, name="checkin_door_list"),
]
