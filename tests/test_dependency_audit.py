"""The dependency audit never reports "no vulnerabilities" when it checked nothing."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "dependency_audit.py"
spec = importlib.util.spec_from_file_location("dependency_audit", SCRIPT)
dependency_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dependency_audit)


def test_audit_unreachable_service_is_a_warning_not_a_pass():
    report = {
        "dependencies": [
            {
                "name": "django",
                "skip_reason": "Dependency not found on PyPI and could not be audited",
            },
            {
                "name": "celery",
                "skip_reason": "Dependency not found on PyPI and could not be audited",
            },
        ]
    }

    code, message = dependency_audit.classify(report)

    assert code == 2
    assert message == (
        "WARNING: dependency audit SKIPPED: pip-audit could not reach its vulnerability service; "
        "2 of 2 installed packages were NOT checked. This is not a clean result."
    )


def test_audit_empty_report_is_not_clean():
    assert dependency_audit.classify({})[0] == 2


def test_audit_vulnerability_fails_with_its_id():
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "celery", "version": "5.4.0", "vulns": []},
        ]
    }

    assert dependency_audit.classify(report) == (
        1,
        "Known vulnerabilities in installed packages:\n"
        "  django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)",
    )


def test_audit_every_package_checked_and_clean_passes():
    report = {"dependencies": [{"name": "django", "version": "5.2.1", "vulns": []}]}

    assert dependency_audit.classify(report) == (
        0,
        "Dependency audit: 1 installed packages, no known vulnerabilities.",
    )
