"""Performers and their appearances in items (models.py); their writes are in
events.services.performers and events.services.programme."""
