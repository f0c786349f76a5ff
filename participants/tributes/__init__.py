"""The remembrance wall: tributes written under a chosen signature, moderated before anything is
public, shown only where their writer consented, and withdrawable at any time."""
