""".env.example reads the same in django-environ and in a shell's `set -a; . ./.env.example`."""

import shutil
import subprocess
from pathlib import Path

import environ
import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_env_example_gives_the_same_values_to_django_environ_and_to_a_shell(monkeypatch):
    read: dict[str, str] = {}
    monkeypatch.setattr(environ.Env, "ENVIRON", read)  # read_env writes here, not os.environ
    environ.Env.read_env(str(EXAMPLE), overwrite=True)
    names = " ".join(f'"${name}"' for name in read)
    script = f"set -a; . '{EXAMPLE}'; set +a; printf '%s\\0' {names}"

    shell = subprocess.run(  # noqa: S603
        ["/bin/bash", "-c", script], capture_output=True, check=True, text=True, env={}
    )

    assert dict(zip(read, shell.stdout.split("\0")[:-1], strict=True)) == read
    assert read["EMAIL_FROM_NAME_EN"] == "North Korean Defectors' Day"
    assert read["DEFAULT_FROM_EMAIL"] == "북한이탈주민의 날 <noreply@localhost>"
    assert len(read) > 40
