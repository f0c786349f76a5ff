"""config/settings/base.py defines each setting once (issue 10): a second definition further down
silently overrode the first (LOGIN_REDIRECT_URL did)."""

import ast
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent / "config" / "settings" / "base.py"


def _names(nodes) -> list[str]:
    names = []
    for node in nodes:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]
    return names


def test_base_settings_define_each_setting_once():
    tree = ast.parse(BASE.read_text(encoding="utf-8"))
    top = _names(tree.body)
    # Each branch of an if/else may set a name once; no branch may redefine a top-level one.
    branches = [
        _names(branch)
        for node in tree.body
        if isinstance(node, ast.If)
        for branch in (node.body, node.orelse)
    ]

    assert sorted({n for n in top if top.count(n) > 1}) == []
    assert sorted(set(top) & {n for names in branches for n in names}) == []
    assert [sorted({n for n in names if names.count(n) > 1}) for names in branches] == [
        [] for _ in branches
    ]
