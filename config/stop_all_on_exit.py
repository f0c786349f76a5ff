"""`make run`'s supervisor event listener: when the web server or the worker exits by itself (the
port is already taken, an error at start-up), stop supervisord and with it the other one, as a
Procfile runner does, rather than leave half the site running."""

import os
import signal
import sys
from collections.abc import Callable
from typing import TextIO

from supervisor import childutils


def handle_one_event(
    *, stdin: TextIO, stdout: TextIO, stderr: TextIO, stop: Callable[[], None]
) -> None:
    """Wait for one PROCESS_STATE_EXITED event, say which program ended, stop everything."""
    _headers, payload = childutils.listener.wait(stdin, stdout)
    program = childutils.get_headers(payload.split("\n", 1)[0]).get("processname", "?")
    stderr.write(f"{program} exited by itself: stopping the others.\n")
    stderr.flush()
    stop()
    childutils.listener.ok(stdout)


def _stop_supervisord() -> None:
    # supervisord started this listener; SIGTERM makes it stop the other programs gracefully.
    os.kill(os.getppid(), signal.SIGTERM)


if __name__ == "__main__":
    while True:
        handle_one_event(
            stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr, stop=_stop_supervisord
        )
