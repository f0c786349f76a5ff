"""The survey after the day: organisers build it, the outbox invites those who checked in, and
answers are stored without any link to the person who gave them."""
