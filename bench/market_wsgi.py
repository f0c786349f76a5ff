"""Bench-only WSGI entry point: a constant response on /bench/constant, Django for the rest.

The constant view is the ceiling of the stack (gunicorn, WSGI, the network, the client) with
no Django at all, so ``/market/`` can be reported as a ratio of it measured in the same run.
"""

from config.wsgi import application as django_application

CONSTANT_PATH = "/bench/constant"
CONSTANT_BODY = b"ok\n"


def application(environ, start_response):
    if environ.get("PATH_INFO") == CONSTANT_PATH:
        start_response(
            "200 OK",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(CONSTANT_BODY)))],
        )
        return [CONSTANT_BODY]
    return django_application(environ, start_response)
