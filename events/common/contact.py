"""Where the accessibility statement (/accessibility/) tells people to ask for help: the
addresses come from settings, and a deploy check refuses the shipped placeholders, so a
production site never sends a blind reader to an address nobody reads."""

import re

from django.conf import settings
from django.core import checks

# The defaults in config/settings/base.py: fine on a laptop, never in production.
PLACEHOLDER_EMAIL = "access@defectorsday.example.org"
PLACEHOLDER_PHONE = "02-2100-0000"
# Domains reserved for examples and tests (RFC 2606, RFC 6761): no one reads mail there.
RESERVED_DOMAIN = re.compile(
    r"(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$", re.IGNORECASE
)
EMAIL = re.compile(r"^[^@\s]+@([^@\s]+\.[^@\s]+)$")
# A Korean or international number: digits with optional +, spaces, hyphens or brackets.
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{6,}[0-9]$")


def accessibility_contact_problems(*, email: str, phone: str) -> list[str]:
    """What is wrong with the configured contact, as sentences for whoever deploys."""
    problems = []
    match = EMAIL.match(email or "")
    if not email:
        problems.append("ACCESSIBILITY_CONTACT_EMAIL is not set.")
    elif email == PLACEHOLDER_EMAIL or (match and RESERVED_DOMAIN.search(match.group(1))):
        problems.append(f"ACCESSIBILITY_CONTACT_EMAIL is a placeholder ({email}).")
    elif match is None:
        problems.append(f"ACCESSIBILITY_CONTACT_EMAIL is not an email address ({email}).")
    if not phone:
        problems.append("ACCESSIBILITY_CONTACT_PHONE is not set.")
    elif phone == PLACEHOLDER_PHONE:
        problems.append(f"ACCESSIBILITY_CONTACT_PHONE is a placeholder ({phone}).")
    elif PHONE.match(phone) is None:
        problems.append(f"ACCESSIBILITY_CONTACT_PHONE is not a telephone number ({phone}).")
    return problems


def check_accessibility_contact(app_configs, **kwargs) -> list:
    """Deploy check (manage.py check --deploy): the statement's contact is real."""
    problems = accessibility_contact_problems(
        email=settings.ACCESSIBILITY_CONTACT_EMAIL, phone=settings.ACCESSIBILITY_CONTACT_PHONE
    )
    return [
        checks.Error(
            problem,
            hint=(
                "Set the address and telephone number where someone answers requests for help "
                "or another format; the accessibility statement shows them to the public."
            ),
            id="events.E110",
        )
        for problem in problems
    ]
