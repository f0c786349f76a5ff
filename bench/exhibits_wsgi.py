"""Bench-only WSGI entry point: a constant response on one path, Django for everything else.

Gunicorn serves ``bench.exhibits_wsgi:application`` so that the constant baseline and the
catalogue are measured by the same processes in the same run. Not used in production.
"""

from config.wsgi import application as django_application

CONSTANT_PATH = "/__bench__/constant"
BODY = b"constant response for the benchmark baseline\n"


def application(environ, start_response):
    if environ.get("PATH_INFO") == CONSTANT_PATH:
        start_response(
            "200 OK",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))],
        )
        return [BODY]
    return django_application(environ, start_response)
