"""Each slice keeps its own routes; they share the "participants" namespace."""

from participants.accounts import urls as accounts_urls
from participants.attendance import urls as attendance_urls
from participants.market import urls as market_urls
from participants.outbox import urls as outbox_urls
from participants.surveys import urls as surveys_urls
from participants.tributes import urls as tributes_urls

app_name = "participants"

urlpatterns = [
    *accounts_urls.urlpatterns,
    *attendance_urls.urlpatterns,
    *outbox_urls.urlpatterns,
    *market_urls.urlpatterns,
    *tributes_urls.urlpatterns,
    *surveys_urls.urlpatterns,
]
