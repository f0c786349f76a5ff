"""A counting SMTP sink for the benchmarks: aiosmtpd on 127.0.0.1:PORT, in a process of its own
(as a relay runs on a machine of its own), accepting every message and keeping none.

    .venv/bin/python bench/smtp_sink.py PORT [CERTFILE KEYFILE]

With a certificate and its key it asks for STARTTLS and a login (any user and password), as a
relay does. Prints ``ready`` once it listens; when its standard input closes it stops and
prints, as JSON, how many connections (EHLO) and messages it had.
"""

import json
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Counter:
    def __init__(self) -> None:
        self.connections = 0
        self.messages = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # A client says EHLO again after STARTTLS (in a new session): count the first one.
        if session.ssl is None:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 Message accepted for delivery"


def accept_any_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    return AuthResult(success=True)


def main() -> None:
    counter = Counter()
    options = {}
    if len(sys.argv) == 4:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        options = {
            "tls_context": context,
            "require_starttls": True,
            "authenticator": accept_any_login,
        }
    controller = Controller(counter, hostname="127.0.0.1", port=int(sys.argv[1]), **options)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
    print(json.dumps({"connections": counter.connections, "messages": counter.messages}))


if __name__ == "__main__":
    main()
