# Admin for the reminders part of the app.
