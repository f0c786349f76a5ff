# Admin for the vendors part of the app.
