"""Accounts: the user model, the allauth adapters, account deletion and anonymisation."""
