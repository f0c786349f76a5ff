"""`make run`'s process runner (config/supervisord.local.conf) with stand-ins for the web server
and the worker: Ctrl-C gives the worker the time its warm shutdown needs, and one program ending
by itself stops the other."""

import configparser
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUPERVISORD = Path(sys.executable).parent / "supervisord"

# A worker whose warm shutdown takes 6 s: longer than honcho's fixed 5 s before SIGKILL.
SLOW_WORKER = """
import signal, sys, time
def stop(*_):
    time.sleep(6)
    print("stand-in worker: finished its task", flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print("stand-in worker: ready", flush=True)
while True:
    time.sleep(1)
"""
WEB = "import time\nwhile True:\n    time.sleep(1)\n"
WEB_PORT_TAKEN = (
    "import sys, time\ntime.sleep(1)\nprint('Error: That port is already in use.')\nsys.exit(1)\n"
)


# Each starts supervisord and waits for it: seconds, not milliseconds (make test-fast skips them).
pytestmark = pytest.mark.slow


@pytest.fixture
def runner(tmp_path):
    """The real supervisord configuration, its listener, and the two stand-ins, in a copy of the
    project's layout (config/, var/); returns a function that starts supervisord."""
    if not SUPERVISORD.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run this test: supervisord is not installed (make install)")
        pytest.skip("needs supervisord in the virtualenv (make install)")
    (tmp_path / "config").mkdir()
    (tmp_path / "var").mkdir()
    shutil.copy(ROOT / "config" / "stop_all_on_exit.py", tmp_path / "config")

    def start(*, web: str) -> tuple[subprocess.Popen, Path]:
        (tmp_path / "config" / "worker.py").write_text(SLOW_WORKER)
        (tmp_path / "config" / "web.py").write_text(web)
        config = configparser.RawConfigParser()
        config.read(ROOT / "config" / "supervisord.local.conf")
        config["program:worker"]["command"] = "python config/worker.py"
        config["program:web"]["command"] = "python config/web.py"
        path = tmp_path / "config" / "supervisord.local.conf"
        with path.open("w") as file:
            config.write(file)
        env = {
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "RUN_PORT": "8099",
        }
        process = subprocess.Popen(  # noqa: S603
            [str(SUPERVISORD), "-c", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return process, tmp_path / "var" / "supervisord.log"

    return start


def _wait_for(log: Path, text: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text():
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not in the log after {seconds} s")


def test_make_run_ctrl_c_lets_the_worker_finish_its_warm_shutdown(runner):
    process, log = runner(web=WEB)
    _wait_for(log, "success: worker entered RUNNING state")
    _wait_for(log, "success: stop_all_on_exit entered RUNNING state")

    started = time.monotonic()
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    returncode = process.wait(timeout=60)
    took = time.monotonic() - started

    lines = log.read_text()
    assert returncode == 0
    assert "stopped: worker (exit status 0)" in lines
    assert "SIGKILL" not in lines
    assert took >= 6


def test_make_run_stops_the_worker_when_the_web_server_ends_by_itself(runner):
    process, log = runner(web=WEB_PORT_TAKEN)

    returncode = process.wait(timeout=60)

    lines = log.read_text()
    assert returncode == 0
    assert "exited: web (exit status 1; not expected)" in lines
    assert "received SIGTERM indicating exit request" in lines
    assert "stopped: worker (exit status 0)" in lines
