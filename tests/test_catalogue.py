"""Every string the code marks for translation reads in Korean: from our catalogue, or from
Django's or a library's own (the site loads those too). A string added without its Korean entry
showed in English on Korean pages (the report's "Question", the admin's reissue message)."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("config", "events", "exhibits", "participants", "templates", "locale")
ENTRY = re.compile(
    r'^(?:msgctxt "(?P<ctxt>.*)"\n)?msgid "(?P<id>.*)"\n(?:msgid_plural "(?P<plural>.*)"\n)?',
    re.MULTILINE,
)


def _unquote(text: str) -> str:
    return ast.literal_eval(f'"{text}"')


def _entries_without_korean(tmp_path: Path) -> list[tuple[str | None, str, str | None]]:
    """Extract the messages of a copy of the sources into a copy of the Korean catalogue and
    return those it has no (or only a guessed, fuzzy) Korean for."""
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "manage.py", tmp_path / "manage.py")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-location", "-v0"],
        cwd=tmp_path,
        env=environment,
        check=True,
    )
    catalogue = str(tmp_path / "locale/ko/LC_MESSAGES/django.po")
    found = []
    for only in ("--untranslated", "--only-fuzzy"):
        listed = subprocess.run(  # noqa: S603 - our own arguments
            [
                shutil.which("msgattrib") or "msgattrib",
                only,
                "--no-wrap",
                "--no-obsolete",
                catalogue,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for match in ENTRY.finditer(listed):
            if match["id"]:
                found.append(
                    (
                        _unquote(match["ctxt"]) if match["ctxt"] is not None else None,
                        _unquote(match["id"]),
                        _unquote(match["plural"]) if match["plural"] is not None else None,
                    )
                )
    return found


def _in_korean(ctxt: str | None, message: str, plural: str | None) -> str:
    if plural is not None:
        if ctxt is not None:
            return translation.npgettext(ctxt, message, plural, 1)
        return translation.ngettext(message, plural, 1)
    return translation.pgettext(ctxt, message) if ctxt is not None else translation.gettext(message)


def test_every_translatable_string_has_korean(tmp_path):
    missing = []
    with translation.override("ko"):
        for ctxt, message, plural in _entries_without_korean(tmp_path):
            if _in_korean(ctxt, message, plural) == message:
                missing.append(message if ctxt is None else f"{ctxt}: {message}")

    assert missing == []
