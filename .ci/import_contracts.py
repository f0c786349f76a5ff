"""Write (or, with --check, verify) the import-linter contracts between the slices of
participants in pyproject.toml: each slice may import another only through its models, its
services facade or its selectors, so every other module of every other slice is listed as
forbidden. A new module in a slice changes the list: `python .ci/import_contracts.py` rewrites
it; `make lint` runs it with --check and fails when the list is stale."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALLOWED = {"models", "services", "selectors"}
BLOCK = re.compile(
    r'\[\[tool\.importlinter\.contracts\]\]\nname = "participants\.\w+ uses other slices.*?'
    r"allow_indirect_imports = true\n\n?",
    re.S,
)


def slices() -> list[str]:
    base = ROOT / "participants"
    return sorted(
        d.name
        for d in base.iterdir()
        if d.is_dir()
        and (d / "__init__.py").exists()
        and d.name not in ("migrations", "management")
    )


def internals(name: str) -> list[str]:
    modules = []
    for path in sorted((ROOT / "participants" / name).rglob("*.py")):
        parts = list(path.relative_to(ROOT / "participants").with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) < 2 or (parts[1] in ALLOWED and len(parts) == 2):
            continue
        modules.append("participants." + ".".join(parts))
    return modules


def contracts() -> str:
    names = slices()
    blocks = []
    for name in names:
        forbidden = "".join(
            f'\n    "{module}",' for other in names if other != name for module in internals(other)
        )
        blocks.append(
            "[[tool.importlinter.contracts]]\n"
            f'name = "participants.{name} uses other slices only through their models, services '
            'and selectors"\n'
            'type = "forbidden"\n'
            f'source_modules = ["participants.{name}"]\n'
            f"forbidden_modules = [{forbidden}\n]\n"
            "allow_indirect_imports = true\n"
        )
    return "\n".join(blocks) + "\n"


def main() -> int:
    pyproject = ROOT / "pyproject.toml"
    text = pyproject.read_text()
    marker = '[[tool.importlinter.contracts]]\nname = "nothing imports'
    updated = BLOCK.sub("", text).replace(marker, contracts() + marker, 1)
    if "--check" in sys.argv:
        if updated != text:
            print(
                "The slices' import contracts in pyproject.toml are stale: run "
                "`python .ci/import_contracts.py`."
            )
            return 1
        return 0
    pyproject.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
