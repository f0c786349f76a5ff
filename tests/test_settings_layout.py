"""Each setting is defined once (issue 10): a second definition further down silently overrode
the first (LOGIN_REDIRECT_URL did). The settings live in two files, config/settings/base.py (the
frame: apps, data, accounts, email, Celery, logging, operations) and features.py (each feature's
settings), which base.py imports; a name defined in both would be the same silent override."""

import ast
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "config" / "settings"
FILES = ("base.py", "features.py")


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


def _defined(file_name: str) -> tuple[list[str], list[list[str]]]:
    """The top-level setting names of a file (one per definition), and each if/else branch's."""
    tree = ast.parse((SETTINGS / file_name).read_text(encoding="utf-8"))
    branches = [
        _names(branch)
        for node in tree.body
        if isinstance(node, ast.If)
        for branch in (node.body, node.orelse)
    ]
    return _names(tree.body), branches


def _duplicates(names: list[str]) -> list[str]:
    return sorted({n for n in names if names.count(n) > 1})


def test_each_settings_file_defines_each_setting_once():
    for file_name in FILES:
        top, branches = _defined(file_name)

        assert _duplicates(top) == [], file_name
        # Each branch of an if/else may set a name once; no branch may redefine a top-level one.
        assert sorted(set(top) & {n for names in branches for n in names}) == [], file_name
        assert [_duplicates(names) for names in branches] == [[] for _ in branches], file_name


def test_no_setting_is_defined_in_both_base_and_features():
    base_top, base_branches = _defined("base.py")
    feature_top, feature_branches = _defined("features.py")
    in_base = set(base_top).union(*base_branches)
    in_features = set(feature_top).union(*feature_branches)

    assert sorted(in_base & in_features) == []


def test_base_takes_every_feature_setting_and_nothing_else():
    from config.settings import base, features

    feature_settings = {name for name in vars(features) if name.isupper()}

    assert {"RETENTION_DAYS", "LIVE_UNDO_SECONDS", "SURVEY_OPEN_DAYS"} <= feature_settings
    assert {name: getattr(base, name) for name in feature_settings} == {
        name: getattr(features, name) for name in feature_settings
    }
    # The helpers of features.py (its env reader) stay out of the settings.
    assert base.env is not features.env
