"""`make run` on another port: the links it mails and encodes point at that port."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_points_site_url_at_run_port():
    result = subprocess.run(  # noqa: S603
        [shutil.which("make"), "-n", "-W", "pyproject.toml", "run", "RUN_PORT=8010"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )

    commands = [
        line
        for line in result.stdout.splitlines()
        if "manage.py load_demo" in line or "manage.py migrate" in line
    ]
    served = [line for line in result.stdout.splitlines() if "supervisord" in line]
    assert len(commands) == 2  # migrate sets the Sites row (events/site.py), load_demo
    assert all("SITE_URL=http://127.0.0.1:8010 " in command for command in commands)
    assert len(served) == 1
    assert "SITE_URL=http://127.0.0.1:8010 " in served[0]
    assert "RUN_PORT=8010 " in served[0]
    assert served[0].endswith("/supervisord -c config/supervisord.local.conf")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_test_fast_leaves_out_only_the_slow_tests_and_make_test_runs_all():
    def pytest_line(target: str) -> str:
        result = subprocess.run(  # noqa: S603
            [shutil.which("make"), "-n", "-W", "pyproject.toml", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin"},
        )
        [line] = [line for line in result.stdout.splitlines() if "bin/pytest" in line]
        return line

    assert pytest_line("test-fast").endswith('pytest -m "not slow" ')
    assert "-m" not in pytest_line("test").split()
