"""Ticket codes people can read aloud and type: 8 characters, the last one a checksum.

The alphabet leaves out 0/O and 1/I/L, which people (and fonts) confuse. Seven random
characters give 31^7 (about 2.8e10) codes; the checksum catches any single wrong character and
any swap of two neighbours (31 is prime), so a typo at the door is refused as "not a ticket
code" instead of admitting someone else. Codes are shown as ``ABCD-EFGH``; people may type
them in any case, with spaces or dashes.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CONFUSABLE = frozenset("0O1IL")
RANDOM_LENGTH = 7
CODE_LENGTH = RANDOM_LENGTH + 1
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def _check_char(body: str) -> str:
    total = sum((position + 1) * _VALUES[char] for position, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_ticket_code() -> str:
    """A fresh code from the OS's CSPRNG, checksum included (stored without the dash)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _check_char(body)


def code_is_valid(code: str) -> bool:
    """Whether ``code`` (already normalised) is well formed and its checksum matches."""
    if len(code) != CODE_LENGTH or any(char not in _VALUES for char in code):
        return False
    return _check_char(code[:-1]) == code[-1]


def code_display(code: str) -> str:
    """``ABCD-EFGH`` for a short code; any other (legacy) code unchanged."""
    if len(code) == CODE_LENGTH:
        return f"{code[:4]}-{code[4:]}"
    return code


class CodeProblem(ValueError):
    """Why typed text is not a ticket code: ``confusable`` (0/O/1/I/L), ``checksum`` or
    ``shape`` (wrong length or characters)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def code_normalise(text: str) -> str:
    """The stored form of what a person typed or a camera read: upper case, separators out; a
    scanned ticket URL or ``DDT:`` prefix keeps only its code. Raises CodeProblem."""
    text = (text or "").strip()[:300]
    text = text.rstrip("/").rsplit("/", 1)[-1]
    text = text.removeprefix("DDT:").removeprefix("ddt:")
    code = _SEPARATORS.sub("", text).upper()
    if len(code) == CODE_LENGTH and any(char in CONFUSABLE for char in code):
        raise CodeProblem("confusable")
    if len(code) != CODE_LENGTH or any(char not in _VALUES for char in code):
        raise CodeProblem("shape")
    if not code_is_valid(code):
        raise CodeProblem("checksum")
    return code
