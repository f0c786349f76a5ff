"""The glossary (docs/glossary.md) holds: no banned variant in the Korean catalogue, the templates
or the demo data. The banned table is read from the glossary itself, so the rule has one home."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
GLOSSARY = BASE / "docs" / "glossary.md"
KOREAN_CATALOGUE = BASE / "locale" / "ko" / "LC_MESSAGES" / "django.po"
DEMO_MODULES = [
    BASE / "events" / "demo.py",
    BASE / "exhibits" / "demo.py",
    BASE / "events" / "management" / "commands" / "load_demo.py",
    *sorted((BASE / "participants" / "management" / "commands").glob("load_demo_*.py")),
]
HANGUL = re.compile(r"[가-힣]")


def banned_variants() -> list[tuple[re.Pattern, str]]:
    """(pattern, use instead) rows between the banned markers of the glossary."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("<!-- banned:start -->")[1].split("<!-- banned:end -->")[0]
    rows = []
    for line in table.splitlines():
        match = re.match(r"^\| `(.+?)` \| (.+?) \|", line)
        if match:
            rows.append((re.compile(match.group(1).replace("\\|", "|")), match.group(2)))
    return rows


def korean_msgstrs() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every live entry of our Korean catalogue (obsolete ones skipped)."""
    entries: list[tuple[str, str]] = []
    entry: dict[str, str] = {}
    key = ""

    def flush() -> None:
        entries.extend(
            (entry.get("msgid", ""), value)
            for name, value in entry.items()
            if name.startswith("msgstr") and value
        )

    for line in KOREAN_CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        keyword = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if keyword:
            key, chunk = keyword.groups()
            # An entry starts at its msgctxt, or at a msgid that follows a msgstr.
            if key == "msgctxt" or (key == "msgid" and any(k.startswith("msgstr") for k in entry)):
                flush()
                entry = {}
            entry[key] = ast.literal_eval(chunk)
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
    flush()
    return entries


def template_texts() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(BASE)), path.read_text(encoding="utf-8"))
        for path in sorted((BASE / "templates").rglob("*"))
        if path.suffix in {".html", ".txt"}
    ]


def demo_texts() -> list[tuple[str, str]]:
    """Every string literal of the demo data modules (what `make run` loads)."""
    texts = []
    for path in DEMO_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append((f"{path.relative_to(BASE)}:{node.lineno}", node.value))
    return texts


def _violations(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        for pattern, instead in banned_variants():
            for match in pattern.finditer(text):
                found.append(f"{where}: “{match.group(0)}” (use {instead})")
    return found


def test_glossary_lists_banned_variants():
    patterns = [pattern.pattern for pattern, _instead in banned_variants()]

    assert "기증" in patterns
    assert "새터민" in patterns
    assert "[다요]: " in patterns
    assert len(patterns) >= 20


def test_catalogue_parser_reads_plural_and_context_entries():
    entries = dict(korean_msgstrs())

    assert entries["%(count)s person"] == "%(count)s명"
    assert entries["Sign out"] == "로그아웃"
    assert len(entries) > 1000


@pytest.mark.parametrize(
    ("text", "banned"),
    [
        ("익명 기증자", "기증"),
        ("자리가 모두 찼습니다: 대기 3번", "[다요]: "),
        ("선택한 순서 공개", "(?<!표시 )순서(?!대로)"),
        ("2단계 로그인", "2단계 로그인|이중 인증|2차 인증"),
        ("목숨을 잃은 이들을 추모하며", "(잃은|숨진|돌아가신) 이들"),
    ],
)
def test_banned_variant_is_caught(text, banned):
    found = _violations([("example", text)])

    assert found
    assert any(
        pattern.pattern == banned and pattern.search(text) for pattern, _ in banned_variants()
    )


@pytest.mark.parametrize(
    "text", ["표시 순서", "대기자 명단 순서대로 확정", "매대 번호:", "예: 대두, 밀"]
)
def test_allowed_phrases_pass(text):
    assert _violations([("example", text)]) == []


def test_korean_catalogue_has_no_banned_variant():
    assert _violations(korean_msgstrs()) == []


def test_templates_have_no_banned_variant():
    texts = [(where, text) for where, text in template_texts() if HANGUL.search(text)]

    assert _violations(texts) == []


def test_demo_data_has_no_banned_variant():
    assert _violations(demo_texts()) == []
