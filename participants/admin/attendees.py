# Admin for the attendees part of the app.
