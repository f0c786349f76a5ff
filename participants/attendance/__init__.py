"""Attendance: RSVPs, guests, tickets and their links, check-in, the database guards."""
