"""The audit trail of sensitive acts (models.py); events.common.exports and events.common.audit
write it."""
