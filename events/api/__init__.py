"""The read-only public API under /api/v1/ (django-ninja, OpenAPI 3.1 from the code).

``api`` is the one NinjaAPI object. events registers its own routers here; exhibits and
participants add theirs from their apps' ready() (events imports no other app). Every
operation goes through ``public_get`` (events/api/http.py): GET only, allow-listed query
parameters, ?lang=, a rate limit per client and the public page cache with its ETags.
"""

from events.api.core import api

__all__ = ["api"]
