"""Web nodes for the two-node test: gunicorn processes on loopback sharing the test database,
Redis and moto's S3 server, and a tiny browser (cookies shared across nodes, as behind a load
balancer on one host name)."""

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.conftest import ROOT, ProcessGroup, database_url, wait_for
from tests.s3_server import free_port


class WebNode(ProcessGroup):
    """``gunicorn config.wsgi`` with two workers, in its own process group."""

    def __init__(self, name: str, folder: Path, environment: dict[str, str]) -> None:
        self.name = name
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = environment
        self.process: subprocess.Popen | None = None

    def start(self) -> "WebNode":
        self.log = self.folder / f"web-{self.name}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.node_settings",
            "DATABASE_URL": database_url(),
            "DJANGO_CONN_MAX_AGE": "0",
            "PYTHONPATH": str(ROOT),
            # Each node its own disk: a file must come from the shared store, not from here.
            "MEDIA_ROOT": str(self.folder / f"media-{self.name}"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / f"private-{self.name}"),
            **self.environment,
        }
        self.process = subprocess.Popen(  # noqa: S603 — our own command line
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for(self._ready, timeout=30, every=0.2):
            self.kill()
            pytest.fail(f"Node {self.name} did not become ready:\n{self.log.read_text()[-3000:]}")
        return self

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One person's browser: one cookie jar for every node (they share a host name)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(
        self, node: WebNode, path: str, data: dict | None = None, files: dict | None = None
    ) -> Reply:
        body, headers = None, {}
        if files:
            body, content_type = _multipart(data or {}, files)
            headers["Content-Type"] = content_type
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(node.url + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=20) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def csrf_post(self, node: WebNode, path: str, data: dict, files: dict | None = None) -> Reply:
        page = self.request(node, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no CSRF token on {path} ({page.status})"
        return self.request(node, path, {**data, "csrfmiddlewaretoken": token.group(1)}, files)


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----nodes-test-boundary"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
