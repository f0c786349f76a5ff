# Each part of the app keeps its own routes; they share the "participants" namespace.
from participants.routes import attendees, reminders, vendors

app_name = "participants"

urlpatterns = [*attendees.urlpatterns, *reminders.urlpatterns, *vendors.urlpatterns]
