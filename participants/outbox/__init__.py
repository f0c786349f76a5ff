"""The outbox: every email the site sends (reminders, announcements, opt-outs, SMTP)."""
