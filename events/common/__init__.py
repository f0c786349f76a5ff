"""Site-wide helpers that every app may use: images, private storage, the public page cache,
spreadsheet import/export with audit, the audit log and site URLs (docs/architecture.md)."""
