"""Django's admin autodiscovery imports ``participants.admin``: each slice registers its own."""

from participants.accounts import admin as accounts_admin  # noqa: F401
from participants.attendance import admin as attendance_admin  # noqa: F401
from participants.market import admin as market_admin  # noqa: F401
from participants.outbox import admin as outbox_admin  # noqa: F401
from participants.surveys import admin as surveys_admin  # noqa: F401
from participants.tributes import admin as tributes_admin  # noqa: F401
