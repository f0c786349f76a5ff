"""A real S3-compatible server for the tests: moto's standalone server in its own process.

``tests/conftest.py`` starts one per test session (``s3_server``); the two-node test shares it
with the web servers and workers it starts. Buckets are made per test, so tests never see each
other's files.
"""

import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    url: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def make_buckets(self) -> tuple[str, str]:
        """A fresh public and private bucket; returns their names."""
        suffix = uuid.uuid4().hex[:10]
        public, private = f"public-{suffix}", f"private-{suffix}"
        client = self.client()
        client.create_bucket(Bucket=public)
        client.create_bucket(Bucket=private)
        return public, private

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def environment(self, public: str, private: str) -> dict[str, str]:
        """The environment that points a process of ours at this server and these buckets."""
        return {
            "MEDIA_STORAGE": "s3",
            "S3_ENDPOINT_URL": self.url,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_PUBLIC_BUCKET": public,
            "S3_PRIVATE_BUCKET": private,
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def s3_server_start(log: Path) -> S3Server:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 — our own command line
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):  # noqa: S310
                return S3Server(url, process)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"moto's S3 server did not start:\n{log.read_text()[-2000:]}")
